package io.sluice.server.console;

/** The chrome around every page: title, navigation, the console's stylesheet and script. */
final class Layout {
  private static final String[][] NAV = {
    {"pipelines", "/pipelines", "Pipelines"},
    {"runs", "/runs", "Runs"},
    {"dashboards", "/dashboards", "Dashboards"},
    {"datasets", "/datasets", "Datasets"},
    {"quarantine", "/quarantine", "Quarantine"},
    {"sql", "/sql", "SQL"},
    {"experiments", "/experiments", "Experiments"},
  };

  private Layout() {}

  /** A whole page; {@code body} is markup built with {@link Html}. */
  static String page(String title, String active, String body) {
    Html page = new Html();
    page.raw("<!DOCTYPE html>")
        .open("html", "lang", "en")
        .open("head")
        .raw("<meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .el("title", title + " · Sluice")
        .raw("<link rel=\"stylesheet\" href=\"/static/console.css\">")
        .raw("<script src=\"/static/console.js\" defer></script>")
        .close("head")
        .open("body")
        .open("header")
        .link("/pipelines", "Sluice", "class", "brand")
        .open("nav");
    for (String[] item : NAV) {
      page.link(item[1], item[2], "class", item[0].equals(active) ? "active" : null);
    }
    page.close("nav").close("header").open("main").el("h1", title).raw(body).close("main");
    return page.close("body").close("html").toString();
  }

  /** A short message page (not found, refused, an error), with the status shown. */
  static String message(String title, String message) {
    return page(title, "", new Html().el("p", message, "class", "message").toString());
  }
}
