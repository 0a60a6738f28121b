// Completion by category and milestones by month (vendored Apache ECharts); the same figures
// are in the tables beside the charts, which is what screen readers and printers get.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  var english = document.documentElement.lang === "en";
  function draw(id, option) {
    var holder = document.getElementById(id);
    if (!holder) return;
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis" } }, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var categories = data("category-chart-data");
  if (categories) {
    var holder = document.getElementById("category-chart");
    if (holder) holder.style.height = (categories.length * 40 + 50) + "px";
    draw("category-chart", {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: categories.map(function (c) { return c.name; }),
               axisLabel: { width: 220, overflow: "break" } },
      series: [{ type: "bar", data: categories.map(function (c) { return c.rate; }),
                 itemStyle: { color: "#1a7f37" }, label: { show: true, position: "right", formatter: "{c}%" } }]
    });
  }
  var months = data("month-chart-data");
  if (months) {
    draw("month-chart", {
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: "category", data: months.map(function (m) { return english ? m.month : m.month + "月"; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: english ? "Planned" : "计划到期", type: "bar", data: months.map(function (m) { return m.planned; }), itemStyle: { color: "#8c959f" } },
        { name: english ? "Achieved" : "实际完成", type: "bar", data: months.map(function (m) { return m.achieved; }), itemStyle: { color: "#1a7f37" } }
      ]
    });
  }
});
