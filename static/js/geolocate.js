/* "Use my location" on the facility list and the search results: fills the near field with the browser's position (WGS-84)
   and submits the form. Without JavaScript the button stays hidden and the estate selector still works. */
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  if (!button) { return; }
  var form = button.form || document.getElementById("facility-filters");
  var near = form && form.elements.namedItem("near");
  var estate = form && form.elements.namedItem("estate");
  var status = document.getElementById("geolocate-status");
  if (!form || !near) { return; }

  function say(text) { if (status) { status.textContent = text; } }

  if (!("geolocation" in navigator)) {
    button.hidden = false;
    button.disabled = true;
    say(button.getAttribute("data-unsupported"));
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.getAttribute("data-locating"));
    navigator.geolocation.getCurrentPosition(
      function (position) {
        near.value = position.coords.latitude.toFixed(6) + "," + position.coords.longitude.toFixed(6);
        near.disabled = false;  // the site search keeps an empty position out of its address until now
        if (estate) { estate.value = ""; }
        form.submit();
      },
      function () {
        button.disabled = false;
        say(button.getAttribute("data-denied"));
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
