// Traza's statistics charts: every <section class="stat-chart"> carries its data as a JSON island
// (templates/stats/_chart.html, built by traza/stats/charts.py); this draws it with ECharts on a canvas.
// The Content-Security-Policy forbids inline scripts and inline style attributes, so tooltips are drawn
// on the canvas (renderMode "richText") instead of as HTML, and sizes are set through CSS classes or the
// CSSOM only. Sections swapped in by htmx are drawn after they settle; charts of removed nodes are disposed.
(function () {
  "use strict";

  // Okabe & Ito's palette: told apart by readers with the common colour-vision deficiencies.
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
  // One hue from light to dark: the order survives a greyscale printer.
  const SEQUENTIAL = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"];
  // Regions without figures: paler than the palest value, and outlined, so that a printout tells them apart.
  const NO_DATA = "#f2f2f2";
  const BORDER = "#9aa4b2";
  const HATCH = {
    symbol: "rect",
    symbolSize: 1,
    color: "rgba(27, 35, 48, 0.6)",
    backgroundColor: "#ffffff",
    dashArrayX: [1, 0],
    dashArrayY: [2, 3],
    rotation: Math.PI / 4,
  };
  const PRINT_WIDTH = 660;
  const INK = "#1b2330";

  const charts = new Map(); // container element -> ECharts instance
  const scripts = new Map(); // script URL -> Promise (each library loaded once per page)
  const geometries = new Map(); // map name -> Promise of {name, names} (each map fetched once per page)

  function loadScript(url) {
    if (!scripts.has(url)) {
      scripts.set(
        url,
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = () => reject(new Error("could not load " + url));
          document.head.appendChild(script);
        })
      );
    }
    return scripts.get(url);
  }

  function spanish(spec) {
    return (spec.lang || document.documentElement.lang || "").toLowerCase().startsWith("es");
  }

  // ECharts' Spanish words (toolbox, aria, "no data"): loaded once, the first time a Spanish chart draws.
  async function locale(spec) {
    if (!spanish(spec)) {
      return "EN";
    }
    await loadScript(spec.assets.langES);
    return "ES";
  }

  // Numbers as the table writes them (the separators of the page's language come with the spec).
  function formatter(format) {
    function group(digits) {
      return format.thousands ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, format.thousands) : digits;
    }
    function number(value, decimals) {
      const parts = Math.abs(value).toFixed(decimals).split(".");
      return (value < 0 ? "-" : "") + group(parts[0]) + (parts[1] ? format.decimal + parts[1] : "");
    }
    return function (value, kind, decimals) {
      if (value === null || value === undefined || value === "" || Number.isNaN(Number(value))) {
        return "";
      }
      value = Number(value);
      if (kind === "share") {
        return format.percent.replace("{}", number(value * 100, decimals === undefined ? 1 : decimals));
      }
      if (kind === "days" || kind === "count") {
        return number(Math.round(value), 0);
      }
      if (decimals !== undefined) {
        return number(value, decimals);
      }
      // Up to four decimals, trailing zeros left off (a coordinate, a ratio).
      const fraction = String(Math.round(value * 10000) / 10000).split(".")[1] || "";
      return number(value, fraction.length);
    };
  }

  function base(spec) {
    const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      color: PALETTE,
      animation: !reduced,
      animationDuration: 400,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily, color: INK },
      tooltip: { renderMode: "richText", confine: true, textStyle: { color: INK } },
    };
  }

  function valueText(spec, fmt, kind, value, suppressed) {
    if (suppressed) {
      return spec.suppressed;
    }
    if (value === null || value === undefined) {
      return spec.messages.noData;
    }
    return fmt(value, kind);
  }

  // Bars, lines, stacked bars and histograms: categories along one axis, one series per value column.
  function categorical(spec, fmt, container) {
    const horizontal = spec.kind === "hbar";
    const kind = spec.series.length ? spec.series[0].kind : "count";
    const narrow = container.clientWidth < 480;
    const series = spec.series.map((s) => {
      const hidden = new Set(s.suppressed);
      return {
        name: s.name,
        type: spec.kind === "line" ? "line" : "bar",
        stack: spec.kind === "stacked" ? "total" : undefined,
        barCategoryGap: spec.kind === "histogram" ? "4%" : undefined,
        barMaxWidth: spec.kind === "histogram" ? undefined : 56,
        connectNulls: false,
        symbolSize: 6,
        data: s.data.map((value, index) => {
          if (!hidden.has(index)) {
            return { value: value, kind: s.kind };
          }
          // A suppressed cell: no bar, its marker where the bar would start.
          return {
            value: spec.kind === "line" ? null : 0,
            kind: s.kind,
            suppressed: true,
            label: { show: true, formatter: spec.suppressed, position: horizontal ? "right" : "top" },
          };
        }),
      };
    });
    const categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: horizontal,
      axisLabel: { hideOverlap: true, width: horizontal ? (narrow ? 110 : 200) : undefined, overflow: "truncate" },
      axisTick: { alignWithLabel: true },
    };
    const valueAxis = {
      type: "value",
      axisLabel: { formatter: (value) => fmt(value, kind, 0) },
      minInterval: kind === "count" || kind === "days" ? 1 : undefined,
      max: kind === "share" ? (extent) => Math.min(1, Math.max(extent.max, 0.1)) : undefined,
    };
    return Object.assign(base(spec), {
      grid: { left: 8, right: horizontal ? 40 : 16, top: 24, bottom: series.length > 1 ? 40 : 8, containLabel: true },
      legend: series.length > 1 ? { type: "scroll", bottom: 0, textStyle: { color: INK } } : undefined,
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      tooltip: Object.assign(base(spec).tooltip, {
        trigger: "axis",
        axisPointer: { type: spec.kind === "line" ? "line" : "shadow" },
        formatter: (items) => {
          const list = Array.isArray(items) ? items : [items];
          const lines = list.map((item) => {
            const data = item.data || {};
            return item.seriesName + ": " + valueText(spec, fmt, data.kind, data.value, data.suppressed);
          });
          return [list.length ? list[0].name : ""].concat(lines).join("\n");
        },
      }),
      series: series,
    });
  }

  function pie(spec, fmt) {
    const data = spec.slices
      .filter((slice) => !slice.suppressed && slice.value)
      .map((slice) => ({ name: slice.name, value: slice.value }));
    return Object.assign(base(spec), {
      tooltip: Object.assign(base(spec).tooltip, {
        trigger: "item",
        formatter: (item) =>
          item.name + "\n" + spec.value.name + ": " + fmt(item.value, spec.value.kind) + " (" + fmt(item.percent / 100, "share") + ")",
      }),
      series: [
        {
          type: "pie",
          radius: ["35%", "68%"],
          data: data,
          itemStyle: { borderColor: "#ffffff", borderWidth: 2 },
          label: { formatter: "{b}", color: INK },
          labelLayout: { hideOverlap: true },
        },
      ],
    });
  }

  // Maps: fetched once, TopoJSON decoded, each region keyed by its statistical code.
  function codeOf(feature, map) {
    return map.key.map((part) => (part === "@id" ? String(feature.id) : String(feature.properties[part]))).join("");
  }

  function transformed(coordinates, move) {
    return typeof coordinates[0] === "number" ? move(coordinates[0], coordinates[1]) : coordinates.map((c) => transformed(c, move));
  }

  // Alaska and Hawaii drawn small below the lower 48 (their lon/lat would otherwise make the map mostly sea).
  const US_INSETS = {
    "02": (lon, lat) => [-125 + ((lon > 0 ? lon - 360 : lon) + 190) * 0.3, 20 + (lat - 51) * 0.35],
    15: (lon, lat) => [-106 + (lon + 160.5), 20 + (lat - 18.9)],
  };

  function loadMap(spec) {
    const map = spec.map;
    if (!geometries.has(map.name)) {
      const decoder = map.format === "topojson" && !window.topojson ? loadScript(spec.assets.topojson) : Promise.resolve();
      const file = fetch(map.url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) {
          throw new Error("map " + map.name + ": " + response.status);
        }
        return response.json();
      });
      geometries.set(
        map.name,
        Promise.all([file, decoder]).then(([data]) => {
          const collection = map.format === "topojson" ? window.topojson.feature(data, data.objects[map.object]) : data;
          const names = {};
          const features = collection.features
            .filter((feature) => !map.omit.includes(codeOf(feature, map)))
            .map((feature) => {
              const code = codeOf(feature, map);
              const inset = map.name === "us-states" ? US_INSETS[code] : null;
              names[code] = feature.properties[map.nameProperty];
              const geometry = inset
                ? { type: feature.geometry.type, coordinates: transformed(feature.geometry.coordinates, inset) }
                : feature.geometry;
              return { type: "Feature", geometry: geometry, properties: { trazaKey: code, name: names[code] } };
            });
          const name = "traza-" + map.name;
          window.echarts.registerMap(name, { type: "FeatureCollection", features: features });
          return { name: name, names: names };
        })
      );
    }
    return geometries.get(map.name);
  }

  async function choropleth(spec, fmt) {
    const loaded = await loadMap(spec);
    const values = spec.regions.filter((r) => !r.suppressed && r.value !== null).map((r) => r.value);
    const max = values.reduce((a, b) => Math.max(a, b), 0) || 1;
    const fine = spec.map.name === "mx-municipalities";
    const data = spec.regions.map((region) =>
      region.suppressed
        ? { name: region.code, value: NaN, label: region.name, suppressed: true, itemStyle: { areaColor: "#ffffff", decal: HATCH } }
        : { name: region.code, value: region.value === null ? NaN : region.value, label: region.name }
    );
    return Object.assign(base(spec), {
      tooltip: Object.assign(base(spec).tooltip, {
        trigger: "item",
        formatter: (item) => {
          const region = item.data || {};
          const name = region.label || loaded.names[item.name] || item.name;
          const value = region.suppressed ? spec.suppressed : item.data && !Number.isNaN(item.value) ? fmt(item.value, spec.value.kind) : spec.messages.noData;
          return name + "\n" + spec.value.name + ": " + value;
        },
      }),
      visualMap: {
        type: "continuous",
        min: 0,
        max: max,
        inRange: { color: SEQUENTIAL },
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemWidth: 12,
        itemHeight: 140,
        calculable: false,
        text: [fmt(max, spec.value.kind), fmt(0, spec.value.kind)],
        textStyle: { color: INK },
        seriesIndex: 0,
      },
      series: [
        {
          type: "map",
          map: loaded.name,
          nameProperty: "trazaKey",
          roam: false,
          top: 8,
          bottom: 44,
          itemStyle: { areaColor: NO_DATA, borderColor: BORDER, borderWidth: fine ? 0.15 : 0.6 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffbf47" } },
          select: { disabled: true },
          label: { show: false },
          data: data,
        },
      ],
    });
  }

  async function points(spec, fmt) {
    const loaded = await loadMap(spec);
    const values = spec.points.filter((p) => !p.suppressed && p.value !== null).map((p) => p.value);
    const max = values.reduce((a, b) => Math.max(a, b), 0);
    const size = (value) => (max && value ? 6 + 18 * Math.sqrt(value / max) : 7);
    return Object.assign(base(spec), {
      tooltip: Object.assign(base(spec).tooltip, {
        trigger: "item",
        formatter: (item) => {
          const point = item.data;
          const lines = [point.label || ""];
          if (spec.value) {
            lines.push(spec.value.name + ": " + valueText(spec, fmt, spec.value.kind, point.figure, point.suppressed));
          }
          lines.push(fmt(point.value[1], "number", 4) + ", " + fmt(point.value[0], "number", 4));
          return lines.filter(Boolean).join("\n");
        },
      }),
      geo: {
        map: loaded.name,
        nameProperty: "trazaKey",
        roam: false,
        top: 8,
        bottom: 8,
        silent: true,
        itemStyle: { areaColor: "#f3f5f8", borderColor: "#8794a6", borderWidth: 0.6 },
      },
      series: [
        {
          type: "scatter",
          coordinateSystem: "geo",
          data: spec.points.map((p) => ({
            value: [p.lon, p.lat],
            label: p.name,
            figure: p.value,
            suppressed: p.suppressed,
            symbolSize: p.suppressed ? 7 : size(p.value),
          })),
          itemStyle: { color: PALETTE[5], borderColor: "#ffffff", borderWidth: 1, opacity: 0.85 },
        },
      ],
    });
  }

  function sankey(spec, fmt, container) {
    const links = spec.links.filter((link) => !link.suppressed && link.value);
    const used = new Set();
    links.forEach((link) => {
      used.add(link.source);
      used.add(link.target);
    });
    const names = {};
    spec.nodes.forEach((node) => (names[node.id] = node.name));
    const narrow = container.clientWidth < 480;
    return Object.assign(base(spec), {
      tooltip: Object.assign(base(spec).tooltip, {
        trigger: "item",
        formatter: (item) =>
          item.dataType === "edge"
            ? names[item.data.source] + " → " + names[item.data.target] + "\n" + spec.value.name + ": " + fmt(item.value, spec.value.kind)
            : item.data.name + "\n" + spec.value.name + ": " + fmt(item.value, spec.value.kind),
      }),
      series: [
        {
          type: "sankey",
          left: 8,
          right: narrow ? 70 : 140,
          top: 8,
          bottom: 8,
          nodeWidth: 12,
          nodeGap: 6,
          draggable: false,
          emphasis: { focus: "adjacency" },
          label: {
            color: INK,
            fontSize: narrow ? 10 : 12,
            width: narrow ? 66 : 136,
            overflow: "truncate",
            formatter: (item) => names[item.data.id] || item.name,
          },
          lineStyle: { color: "source", opacity: 0.35 },
          data: spec.nodes
            .filter((node) => used.has(node.id))
            .map((node) => ({
              id: node.id,
              name: node.name,
              itemStyle: { color: node.side === "source" ? PALETTE[0] : PALETTE[1] },
            })),
          links: links.map((link) => ({ source: link.source, target: link.target, value: link.value })),
        },
      ],
    });
  }

  const BUILDERS = {
    bar: categorical,
    hbar: categorical,
    line: categorical,
    stacked: categorical,
    histogram: categorical,
    pie: pie,
    map: choropleth,
    points: points,
    sankey: sankey,
  };

  // The table: hidden behind a button once the chart draws; shown again if it cannot.
  function setUpToggle(section) {
    const button = section.querySelector(".table-toggle");
    const table = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !table || button.dataset.ready) {
      return;
    }
    button.dataset.ready = "true";
    button.addEventListener("click", () => {
      const opening = table.hidden;
      table.hidden = !opening;
      button.setAttribute("aria-expanded", String(opening));
      button.textContent = opening ? button.dataset.hide : button.dataset.show;
    });
    button.hidden = false;
    table.hidden = true;
  }

  function failed(section, container, error) {
    const chart = charts.get(container);
    if (chart) {
      chart.dispose();
    }
    container.hidden = true;
    section.dataset.chartState = "failed";
    const button = section.querySelector(".table-toggle");
    const table = button && document.getElementById(button.getAttribute("aria-controls"));
    if (button && table) {
      button.hidden = true;
      table.hidden = false;
    }
    const message = document.createElement("p");
    message.className = "chart-failed";
    message.textContent = section.dataset.failedMessage || "";
    if (message.textContent) {
      container.after(message);
    }
    console.error(error);
  }

  async function render(section) {
    const container = section.querySelector(".chart-canvas");
    const island = document.getElementById(section.dataset.spec);
    if (!container || !island || section.dataset.chartState) {
      return;
    }
    section.dataset.chartState = "drawing";
    let spec;
    try {
      spec = JSON.parse(island.textContent);
      section.dataset.failedMessage = spec.messages.mapFailed;
      const build = BUILDERS[spec.kind];
      const language = await locale(spec);
      container.hidden = false;
      if (spec.kind === "hbar") {
        container.style.height = Math.max(240, spec.categories.length * 28 + 70) + "px";
      }
      const chart = window.echarts.init(container, null, { renderer: "canvas", locale: language });
      charts.set(container, chart);
      const option = await build(spec, formatter(spec.format), container);
      if (!document.contains(container)) {
        return;
      }
      chart.setOption(option);
      setUpToggle(section);
      section.dataset.chartState = "drawn";
    } catch (error) {
      failed(section, container, error);
    }
  }

  function renderAll(root) {
    (root || document).querySelectorAll("section.stat-chart").forEach(render);
  }

  // Charts whose nodes htmx swapped out of the page.
  function sweep() {
    charts.forEach((chart, container) => {
      if (!document.contains(container)) {
        chart.dispose();
        charts.delete(container);
      }
    });
  }

  function start() {
    if (!window.echarts) {
      return;
    }
    renderAll(document);
    document.body.addEventListener("htmx:afterSwap", sweep);
    document.body.addEventListener("htmx:afterSettle", () => {
      sweep();
      renderAll(document);
    });
    let pending = false;
    window.addEventListener("resize", () => {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        charts.forEach((chart) => chart.resize());
      });
    });
    // A printed page is narrower than the screen: draw the charts at its width, then back.
    window.addEventListener("beforeprint", () =>
      charts.forEach((chart, container) => chart.resize({ width: Math.min(PRINT_WIDTH, container.clientWidth), animation: { duration: 0 } }))
    );
    // "auto": a width given once would otherwise stick to the chart.
    window.addEventListener("afterprint", () => charts.forEach((chart) => chart.resize({ width: "auto" })));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
