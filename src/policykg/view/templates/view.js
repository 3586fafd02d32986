/* policykg view: builds the vis-network from PK_NODES/PK_EDGES/PK_OPTIONS.
   Everything that comes from a document is written with textContent, never as HTML. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function sentenceElement(item) {
    var box = el("div", "pk-tip-sentence");
    var text = String(item.sentence);
    var begin = Math.max(0, Math.min(text.length, item.mark_begin || 0));
    var end = Math.max(begin, Math.min(text.length, item.mark_end || 0));
    /* offsets count code points (Python); convert to UTF-16 indices */
    var points = Array.from(text);
    var before = points.slice(0, begin).join("");
    var marked = points.slice(begin, end).join("");
    var after = points.slice(end).join("");
    box.appendChild(document.createTextNode("\u201c" + before));
    box.appendChild(el("mark", null, marked));
    box.appendChild(document.createTextNode(after + "\u201d"));
    return box;
  }

  function describe(item) {
    var box = el("div", "pk-tip");
    box.appendChild(el("div", "pk-tip-label", item.label));
    box.appendChild(el("div", "pk-tip-class", item.classLabel));
    if (item.figure) { box.appendChild(el("div", "pk-tip-figure", item.figure)); }
    (item.figures || []).forEach(function (line) { box.appendChild(el("div", "pk-tip-figure", line)); });
    if (item.indicator) { box.appendChild(el("div", "pk-tip-indicator", "indicator: " + item.indicator)); }
    if (item.sentence) { box.appendChild(sentenceElement(item)); }
    if (item.document) { box.appendChild(el("div", "pk-tip-document", "from: " + item.document)); }
    return box;
  }

  function showDetails(id) {
    var panel = document.getElementById("pk-details");
    var item = nodes.get(id);
    panel.textContent = "";
    if (!item) { return; }
    panel.appendChild(describe(item));
    panel.appendChild(el("div", "pk-tip-iri", item.iri || item.id));
  }

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {}, PK_OPTIONS);

  function settle() {
    network.setOptions({ physics: { enabled: false } });
    window.__pkReady = true;
  }
  network.once("stabilizationIterationsDone", settle);
  network.on("selectNode", function (params) { showDetails(params.nodes[0]); });
  network.on("hoverNode", function (params) { showDetails(params.node); });

  nodes.add(PK_NODES.map(function (item) {
    var copy = Object.assign({}, item);
    copy.title = describe(item);
    return copy;
  }));
  edges.add(PK_EDGES.map(function (item, index) {
    var copy = Object.assign({ id: "e" + index }, item);
    copy.title = item.label;
    return copy;
  }));
  if (PK_NODES.length === 0) { settle(); } else { network.setData({ nodes: nodes, edges: edges }); }

  var datalist = document.getElementById("pk-labels");
  PK_NODES.map(function (item) { return String(item.label); }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    datalist.appendChild(option);
  });

  function find(query) {
    var wanted = query.trim().toLowerCase();
    if (!wanted) { return null; }
    var visible = PK_NODES.filter(function (item) { return !(nodes.get(item.id) || {}).hidden; });
    var exact = visible.filter(function (item) { return String(item.label).toLowerCase() === wanted; });
    if (exact.length) { return exact[0]; }
    var partial = visible.filter(function (item) { return String(item.label).toLowerCase().indexOf(wanted) >= 0; });
    return partial.length ? partial[0] : null;
  }

  document.getElementById("pk-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("pk-search").value;
    var status = document.getElementById("pk-search-status");
    var found = find(query);
    if (!found) {
      status.textContent = "No node matches \u201c" + query + "\u201d.";
      return;
    }
    status.textContent = "";
    network.selectNodes([found.id]);
    network.focus(found.id, { scale: 1.3, animation: false });
    showDetails(found.id);
  });

  Array.prototype.forEach.call(document.querySelectorAll("#pk-legend input[data-group]"), function (box) {
    box.addEventListener("change", function () {
      var group = box.getAttribute("data-group");
      nodes.update(PK_NODES.filter(function (item) { return item.group === group; }).map(function (item) {
        return { id: item.id, hidden: !box.checked };
      }));
    });
  });

  window.pkView = { network: network, nodes: nodes, edges: edges };
})();
