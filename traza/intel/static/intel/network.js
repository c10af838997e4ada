// Traza's network view: every <section data-network-url> (templates/intel/_network.html) is drawn with
// Cytoscape.js from the JSON of /intel/network/ (traza/intel/selectors/network.py). A node is chosen by a
// click or from the list, opened (its page) or expanded (its neighbourhood fetched with expand=); the dates
// redraw the network with start= and end=, expanding again what was expanded; the picture downloads as PNG.
// No inline script or style (the Content-Security-Policy): words come from data- attributes, sizes from CSS.
(function () {
  "use strict";

  const COLOURS = { person: "#0072B2", dealer: "#E69F00", gun: "#009E73", recovery: "#D55E00" };
  const SHAPES = { person: "ellipse", dealer: "round-rectangle", gun: "diamond", recovery: "triangle" };

  const STYLE = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "background-color": (node) => COLOURS[node.data("kind")] || "#777",
        shape: (node) => SHAPES[node.data("kind")] || "ellipse",
        "font-size": 13,
        color: "#1b2330",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-wrap": "ellipsis",
        "text-max-width": 220,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        width: 28,
        height: 28,
      },
    },
    { selector: "node[?revealed]", style: { "border-width": 3, "border-color": "#1b2330" } },
    { selector: "node:selected", style: { "overlay-color": "#56B4E9", "overlay-opacity": 0.35 } },
    {
      selector: "edge",
      style: {
        label: "data(label)",
        "font-size": 9,
        color: "#4a5568",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        width: 1.5,
        "line-color": "#9aa4b2",
        "target-arrow-color": "#9aa4b2",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
        "text-rotation": "autorotate",
      },
    },
  ];

  function words(section) {
    return new Proxy(section.dataset, { get: (data, key) => data["words" + key[0].toUpperCase() + key.slice(1)] || "" });
  }

  function query(base, params) {
    const url = new URL(base, window.location.href);
    for (const [key, value] of Object.entries(params)) {
      if (value) {
        url.searchParams.set(key, value);
      } else {
        url.searchParams.delete(key);
      }
    }
    return url.toString();
  }

  async function fetchElements(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    return response.json();
  }

  function setUp(section) {
    const say = words(section);
    const canvas = section.querySelector(".network-canvas");
    const status = section.querySelector(".network-status");
    const choice = section.querySelector(".network-choice");
    const open = section.querySelector(".network-open");
    const expand = section.querySelector(".network-expand");
    const form = section.querySelector(".network-filters");
    const expanded = [];
    let truncated = false;
    const cy = window.cytoscape({ container: canvas, style: STYLE, wheelSensitivity: 0.3, maxZoom: 3, minZoom: 0.2 });

    function dates() {
      return { start: form.elements.start.value, end: form.elements.end.value };
    }

    // New nodes start beside `anchor` (the node expanded), so that the layout grows the picture around it.
    function add(data, anchor) {
      truncated = truncated || data.truncated;
      const fresh = [...data.nodes, ...data.edges].filter((element) => cy.getElementById(element.data.id).empty());
      const origin = anchor && anchor.nonempty() ? anchor.position() : null;
      cy.add(
        fresh.map((element, index) =>
          origin && !element.data.source
            ? { ...element, position: { x: origin.x + 30 * Math.cos(index), y: origin.y + 30 * Math.sin(index) } }
            : element
        )
      );
      return fresh.length;
    }

    function layout(randomize) {
      cy.layout({
        name: "cose",
        animate: false,
        randomize: randomize,
        boundingBox: { x1: 0, y1: 0, w: cy.width(), h: cy.height() },
        nodeDimensionsIncludeLabels: true,
        idealEdgeLength: () => 70,
        nodeRepulsion: () => 9000,
        padding: 24,
      }).run();
      cy.fit(undefined, 24);
    }

    function describe() {
      const counts = cy.nodes().length;
      status.textContent = counts ? say.shown.replace("{count}", counts) + (truncated ? " " + say.truncated : "") : say.empty;
      section.dataset.nodes = String(counts);
      const chosen = choice.value;
      choice.length = 1;
      cy.nodes()
        .sort((a, b) => a.data("kind").localeCompare(b.data("kind")) || a.data("label").localeCompare(b.data("label")))
        .forEach((node) => {
          const option = new Option(say[node.data("kind")] + ": " + node.data("label"), node.id());
          choice.add(option);
        });
      choice.value = cy.getElementById(chosen).nonempty() ? chosen : "";
      show(choice.value);
    }

    function show(id) {
      const node = id ? cy.getElementById(id) : cy.collection();
      cy.nodes().unselect();
      if (node.empty()) {
        open.hidden = expand.hidden = true;
        return;
      }
      node.select();
      open.hidden = !node.data("url");
      open.href = node.data("url") || "#";
      expand.hidden = !node.data("expandable") || expanded.includes(id);
      expand.dataset.node = id;
    }

    async function load(extra) {
      status.textContent = say.loading;
      section.setAttribute("aria-busy", "true");
      try {
        return await fetchElements(query(section.dataset.networkUrl, { ...dates(), ...extra }));
      } finally {
        section.removeAttribute("aria-busy");
      }
    }

    async function draw() {
      cy.elements().remove();
      truncated = false;
      try {
        add(await load({}));
        for (const id of expanded) {
          add(await load({ expand: id }), cy.getElementById(id));
        }
      } catch (error) {
        status.textContent = say.failed;
        return;
      }
      layout(true);
      describe();
    }

    async function grow(id) {
      try {
        const data = await load({ expand: id });
        expanded.push(id);
        add(data, cy.getElementById(id));
      } catch (error) {
        status.textContent = say.failed;
        return;
      }
      layout(false);
      describe();
      choice.value = id;
      show(id);
    }

    function download() {
      const blob = cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "traza-network.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }

    cy.on("tap", "node", (event) => {
      choice.value = event.target.id();
      show(choice.value);
    });
    cy.on("dbltap", "node", (event) => {
      if (event.target.data("expandable") && !expanded.includes(event.target.id())) {
        grow(event.target.id());
      }
    });
    choice.addEventListener("change", () => show(choice.value));
    expand.addEventListener("click", () => grow(expand.dataset.node));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      draw();
    });
    section.querySelector("[data-network-export]").addEventListener("click", download);
    draw();
  }

  function start() {
    if (!window.cytoscape) {
      return;
    }
    document.querySelectorAll("section[data-network-url]:not([data-network-ready])").forEach((section) => {
      section.dataset.networkReady = "true";
      setUp(section);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
