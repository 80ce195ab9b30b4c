/* The dashboard's "print this year's summary" button: the print stylesheet does the layout, this only opens
   the browser's print dialog. Without JavaScript the button stays hidden. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
