// The index: sort by a column (numbers as numbers), filter by text and by failed checks or
// warnings. A link can carry a filter: review.html?failed=1&q=洪泽 opens filtered. Nothing here
// fetches anything: the page works offline.
(function () {
  var table = document.getElementById("index");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var onlyFailed = document.getElementById("only-failed");
  var onlyWarned = document.getElementById("only-warned");
  var shown = document.getElementById("shown");
  function apply() {
    var text = filter.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!text || row.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!onlyFailed.checked || row.dataset.failed !== "0") &&
        (!onlyWarned.checked || row.dataset.warnings !== "0");
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = "显示 " + count + " / " + rows.length;
  }
  var params = new URLSearchParams(location.search);
  filter.value = params.get("q") || "";
  onlyFailed.checked = params.has("failed");
  onlyWarned.checked = params.has("warned");
  [filter, onlyFailed, onlyWarned].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.dataset.sort === "number";
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
