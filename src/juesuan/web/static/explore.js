// Draws the charts of the explore pages with ECharts from the pages' JSON twins.
"use strict";
(function () {
  const num = (v) => (v === null || v === undefined || v === "" ? 0 : Number(v));
  const shareBox = document.getElementById("share");
  const charts = [];

  function chart(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const c = echarts.getInstanceByDom(el) || echarts.init(el);
    c.setOption(option, true);
    charts.push(c);
  }

  function tree(nodes) {
    return nodes.map((n) => ({name: n.name, value: num(n.value), children: n.children.length ? tree(n.children) : undefined}));
  }

  function drawDocument(data) {
    const unit = data.unit || "";
    const share = shareBox && shareBox.checked;
    chart("chart-function", {
      tooltip: {formatter: (p) => p.name + "：" + p.value + " " + unit},
      series: [{type: "sunburst", data: tree(data.function.nodes), radius: ["10%", "95%"], sort: null,
        label: {rotate: "radial", fontSize: 9, minAngle: 8},
        levels: [{}, {label: {rotate: "tangential", fontSize: 10}}, {label: {fontSize: 9}}, {label: {show: false}}]}],
    });
    const bp = data.basic_project;
    const basic = num(bp["基本支出"]), project = num(bp["项目支出"]);
    chart("chart-basic", {
      tooltip: {trigger: "item"},
      series: [{type: "pie", radius: ["35%", "70%"], label: {formatter: share ? "{b} {d}%" : "{b} {c}"},
        data: [{name: "基本支出", value: basic}, {name: "项目支出", value: project}]}],
    });
    chart("chart-economic", {
      tooltip: {},
      series: [{type: "treemap", roam: false, label: {fontSize: 10}, data: data.economic.map((e) => ({name: e.name, value: num(e.value)}))}],
    });
    chart("chart-sangong", {
      tooltip: {trigger: "axis"}, legend: {},
      xAxis: {type: "category", data: data.sangong.map((s) => s.item), axisLabel: {interval: 0, fontSize: 10}},
      yAxis: {type: "value", name: unit},
      series: ["预算数", "决算数"].map((k) => ({name: k, type: "bar", data: data.sangong.map((s) => num(s[k]))})),
    });
  }

  function drawAcross(data) {
    const share = shareBox && shareBox.checked;
    const label = (s) => (data.unit ? String(s.year) + " " + s.kind : s.unit_name + " " + s.year);
    const value = (s, key) => {
      const total = num(s.basic) + num(s.project);
      return share ? (total ? Math.round((10000 * num(s[key])) / total) / 100 : 0) : num(s[key]);
    };
    chart("chart-across", {
      tooltip: {trigger: "axis"}, legend: {},
      grid: {bottom: 120},
      xAxis: {type: "category", data: data.series.map(label), axisLabel: {rotate: 30, interval: 0, fontSize: 10}},
      yAxis: {type: "value", name: share ? "%" : (data.series[0] || {}).money_unit || ""},
      series: [["基本支出", "basic"], ["项目支出", "project"]].map(([name, key]) => ({
        name: name, type: "bar", stack: "total", data: data.series.map((s) => value(s, key)),
      })),
    });
  }

  async function load() {
    const one = document.getElementById("charts");
    if (one) drawDocument(await (await fetch(one.dataset.api)).json());
    const many = document.getElementById("charts-many");
    if (many) {
      const params = new URLSearchParams();
      if (many.dataset.unit) params.set("unit", many.dataset.unit);
      if (many.dataset.year) params.set("year", many.dataset.year);
      drawAcross(await (await fetch("/api/explore?" + params)).json());
    }
  }

  if (shareBox) shareBox.addEventListener("change", load);
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  load();
})();
