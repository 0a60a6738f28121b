// Printing a program prints every item opened (milestones and dated progress), then puts the
// page back as the reader left it. A static file: the site's CSP allows no inline script.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    document.querySelectorAll("details.item__details:not([open])").forEach(function (node) {
      node.open = true;
      opened.push(node);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (node) { node.open = false; });
    opened = [];
  });
})();
