// An old address's page: on to the new one, with the old deep link's
// fragment (`#fn-2`), which the page's `refresh` alone would drop. A file
// of its own, not inline, so that a host's Content-Security-Policy that
// allows only the site's own scripts runs it too.
location.replace(document.querySelector("link[rel=canonical]").href + location.hash);
