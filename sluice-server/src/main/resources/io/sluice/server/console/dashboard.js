// Draws every [data-chart] element with ECharts from the rows the page carries, and reloads the
// page when the lake has moved (the dashboard's JSON reports the tables' snapshot ids).
(function () {
  function formatter(pattern) {
    if (pattern === 'percent') {
      var percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
      return function (v) { return percent.format(v); };
    }
    var dot = pattern.indexOf('.');
    var digits = dot < 0 ? 0 : pattern.length - dot - 1;
    var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: pattern.indexOf(',') >= 0 });
    return function (v) { return typeof v === 'number' ? number.format(v) : v; };
  }
  function num(v) { var n = parseFloat(v); return isNaN(n) ? null : n; }
  function column(spec, name) { return spec.columns.indexOf(name); }
  function values(spec, name, numeric) {
    var i = column(spec, name);
    return spec.rows.map(function (r) { return numeric ? num(r[i]) : r[i]; });
  }
  function categorySeries(spec, kind) {
    var categories = [];
    var series = [];
    if (spec.series) {
      var byName = {};
      var xi = column(spec, spec.x), si = column(spec, spec.series), yi = column(spec, spec.y[0]);
      spec.rows.forEach(function (r) {
        if (categories.indexOf(r[xi]) < 0) { categories.push(r[xi]); }
        if (!byName[r[si]]) { byName[r[si]] = {}; series.push(r[si]); }
        byName[r[si]][r[xi]] = num(r[yi]);
      });
      series = series.map(function (name) {
        return { name: name, data: categories.map(function (c) { return byName[name][c] === undefined ? null : byName[name][c]; }) };
      });
    } else {
      categories = values(spec, spec.x, false);
      series = spec.y.map(function (y) { return { name: y, data: values(spec, y, true) }; });
    }
    series.forEach(function (s) {
      s.type = kind === 'area' ? 'line' : kind;
      if (kind === 'area') { s.areaStyle = {}; }
      if (spec.stacked) { s.stack = 'all'; }
    });
    return { categories: categories, series: series };
  }
  function option(spec) {
    var fmt = formatter(spec.format || '#,##0.##');
    var base = { animation: false, textStyle: { fontFamily: FONT }, tooltip: { trigger: 'item', valueFormatter: fmt }, grid: { left: 60, right: 24, top: 36, bottom: 48, containLabel: true } };
    if (spec.type === 'bar' || spec.type === 'line' || spec.type === 'area') {
      var data = categorySeries(spec, spec.type);
      var cat = { type: 'category', data: data.categories, axisLabel: { hideOverlap: true } };
      var val = { type: 'value', axisLabel: { formatter: fmt } };
      base.tooltip.trigger = 'axis';
      base.legend = { top: 0, type: 'scroll', itemGap: 24, show: data.series.length > 1 };
      base.grid.top = data.series.length > 1 ? 44 : 36;
      base.xAxis = spec.horizontal ? val : cat;
      base.yAxis = spec.horizontal ? cat : val;
      if (spec.horizontal) { cat.inverse = true; }
      base.series = data.series;
    } else if (spec.type === 'pie') {
      var xi = column(spec, spec.x), yi = column(spec, spec.y[0]);
      base.series = [{ type: 'pie', radius: ['35%', '70%'], data: spec.rows.map(function (r) { return { name: r[xi], value: num(r[yi]) }; }) }];
      base.legend = { type: 'scroll', orient: 'vertical', right: 0, top: 20 };
    } else if (spec.type === 'scatter') {
      var xs = values(spec, spec.x, true);
      base.xAxis = { type: 'value', name: spec.x, scale: true };
      base.yAxis = { type: 'value', scale: true, axisLabel: { formatter: fmt } };
      base.series = spec.y.map(function (y) { var ys = values(spec, y, true); return { type: 'scatter', name: y, symbolSize: 6, data: xs.map(function (x, i) { return [x, ys[i]]; }) }; });
    } else if (spec.type === 'histogram') {
      var v = values(spec, spec.x, true).filter(function (n) { return n !== null; });
      var lo = Math.min.apply(null, v), hi = Math.max.apply(null, v), bins = spec.bins || 20;
      var width = (hi - lo) / bins || 1, counts = new Array(bins).fill(0), labels = [];
      v.forEach(function (n) { counts[Math.min(bins - 1, Math.floor((n - lo) / width))]++; });
      for (var b = 0; b < bins; b++) { labels.push(fmt(lo + b * width)); }
      base.xAxis = { type: 'category', data: labels, name: spec.x };
      base.yAxis = { type: 'value', name: 'rows' };
      base.series = [{ type: 'bar', barCategoryGap: '2%', data: counts }];
    } else if (spec.type === 'map') {
      var lat = values(spec, spec.lat, true), lon = values(spec, spec.lon, true);
      base.xAxis = { type: 'value', min: -180, max: 180, name: 'longitude' };
      base.yAxis = { type: 'value', min: -90, max: 90, name: 'latitude' };
      base.series = [{ type: 'scatter', symbolSize: 4, itemStyle: { opacity: 0.6 }, data: lon.map(function (x, i) { return [x, lat[i]]; }) }];
    }
    return base;
  }
  // the page's fonts, with the Hangul font the console ships (see console.css)
  var FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Sluice Hangul", sans-serif';
  function draw() {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var spec = JSON.parse(el.getAttribute('data-chart'));
      if (spec.error) { el.textContent = spec.error; el.className = 'chart error'; return; }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option(spec));
      el.setAttribute('data-drawn', 'true');
    });
    document.querySelectorAll('.big-number').forEach(function (el) {
      var n = num(el.textContent);
      if (n !== null) { el.textContent = formatter(el.getAttribute('data-format') || '#,##0.##')(n); }
    });
  }
  function watch(root) {
    var every = parseInt(root.getAttribute('data-every') || '10000', 10);
    var before = root.getAttribute('data-versions');
    setTimeout(function check() {
      fetch(root.getAttribute('data-dashboard-live'), { credentials: 'same-origin' })
        .then(function (r) { return r.text(); })
        .then(function (now) {
          if (JSON.stringify(JSON.parse(now)) !== JSON.stringify(JSON.parse(before))) { window.location.reload(); }
          else { setTimeout(check, every); }
        }).catch(function () { setTimeout(check, every * 2); });
    }, every);
  }
  document.addEventListener('DOMContentLoaded', function () {
    draw();
    document.querySelectorAll('[data-dashboard-live]').forEach(watch);
  });
})();
