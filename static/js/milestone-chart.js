// Planned against achieved milestones by month, drawn with the vendored Apache ECharts.
// The same figures are in the table under the chart; without JavaScript only the table shows.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("milestone-chart");
  var source = document.getElementById("milestone-chart-data");
  if (!holder || !source || !window.echarts) return;
  var months = JSON.parse(source.textContent);
  var english = document.documentElement.lang === "en";
  var label = english
    ? { planned: "Planned", achieved: "Achieved", plannedTotal: "Planned (cumulative)", achievedTotal: "Achieved (cumulative)" }
    : { planned: "计划到期", achieved: "实际完成", plannedTotal: "累计计划", achievedTotal: "累计完成" };
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: "category", data: months.map(function (m) { return english ? m.month : m.month + "月"; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: label.planned, type: "bar", data: months.map(function (m) { return m.planned; }), itemStyle: { color: "#8c959f" } },
      { name: label.achieved, type: "bar", data: months.map(function (m) { return m.achieved; }), itemStyle: { color: "#1a7f37" } },
      { name: label.plannedTotal, type: "line", data: months.map(function (m) { return m.planned_total; }), itemStyle: { color: "#57606a" } },
      { name: label.achievedTotal, type: "line", data: months.map(function (m) { return m.achieved_total; }), itemStyle: { color: "#116329" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
