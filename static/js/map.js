/* The /map/ page: draws the server-provided markers on a Leaflet map. The list under the map is plain
   HTML, so the page stays useful when this script, Leaflet or the tiles fail to load. */
(function () {
  "use strict";
  var element = document.getElementById("facility-map");
  var data = document.getElementById("map-markers");
  var config = document.getElementById("map-config");
  if (!element || !data || !config || typeof L === "undefined") { return; }
  var markers = JSON.parse(data.textContent);
  var settings = JSON.parse(config.textContent);

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false, zoomControl: false }).setView(settings.centre, settings.zoom);
  L.control.zoom({ zoomInTitle: settings.zoomInTitle, zoomOutTitle: settings.zoomOutTitle }).addTo(map);
  var tiles = L.tileLayer(settings.tileUrl, { maxZoom: 19, attribution: settings.attribution }).addTo(map);
  var failed = 0;
  tiles.on("tileerror", function () {
    failed += 1;
    if (failed === 3) {
      var note = document.getElementById("map-tiles-failed");
      if (note) { note.hidden = false; }
    }
  });

  var icon = L.icon({
    iconUrl: element.getAttribute("data-icon"),
    iconRetinaUrl: element.getAttribute("data-icon-2x"),
    shadowUrl: element.getAttribute("data-shadow"),
    iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
  });

  function popup(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    var kind = document.createElement("div");
    kind.textContent = marker.kind;
    box.appendChild(link);
    box.appendChild(kind);
    return box;
  }

  var points = [];
  markers.forEach(function (marker) {
    L.marker([marker.lat, marker.lng], { icon: icon, title: marker.name, alt: marker.name })
      .bindPopup(popup(marker))
      .addTo(map);
    points.push([marker.lat, marker.lng]);
  });
  if (points.length > 1) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 17 });
  } else if (points.length === 1) {
    map.setView(points[0], 16);
  }
})();
