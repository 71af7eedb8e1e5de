// The API docs page: Swagger UI over /openapi.json. A file of its own because the
// Content-Security-Policy allows no inline script. "Authorize" takes a token from
// `marsad token create NAME` for the endpoints that need one (ingest, extract, review).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
