#!/bin/sh
# Copies the dist files and licences of the pinned npm packages into ../static/vendor/.
set -eu
N=node_modules
S=../static/vendor
mkdir -p $S/swagger-ui $S/leaflet $S/leaflet.markercluster $S/world-atlas $S/topojson-client
cp $N/swagger-ui-dist/swagger-ui-bundle.js $N/swagger-ui-dist/swagger-ui.css $N/swagger-ui-dist/LICENSE \
   $N/swagger-ui-dist/NOTICE $N/swagger-ui-dist/favicon-32x32.png $S/swagger-ui/
cp -r $N/leaflet/dist/leaflet.js $N/leaflet/dist/leaflet.css $N/leaflet/dist/images $N/leaflet/LICENSE $S/leaflet/
cp $N/leaflet.markercluster/dist/leaflet.markercluster.js $N/leaflet.markercluster/dist/MarkerCluster.css \
   $N/leaflet.markercluster/dist/MarkerCluster.Default.css $S/leaflet.markercluster/
cp $N/leaflet.markercluster/MIT-LICENCE.txt $S/leaflet.markercluster/LICENSE
cp $N/world-atlas/countries-50m.json $N/world-atlas/LICENSE $S/world-atlas/
cp $N/topojson-client/dist/topojson-client.min.js $N/topojson-client/LICENSE $S/topojson-client/
# source maps are not vendored
sed -i 's#sourceMappingURL=.*##' $S/swagger-ui/swagger-ui-bundle.js $S/swagger-ui/swagger-ui.css \
   $S/leaflet/leaflet.js $S/leaflet.markercluster/leaflet.markercluster.js
