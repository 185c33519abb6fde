package io.sluice.server.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The console's token, when it has one: each request brings it as {@code Authorization: Bearer
 * TOKEN} or the session cookie the login form sets. Compared in constant time; the cookie holds a
 * random session value, never the token.
 */
final class ConsoleAuth {
  static final String COOKIE = "sluice_console";

  private final Optional<String> token;
  private final String session;

  ConsoleAuth(ConsoleSettings settings) {
    this.token = settings.token();
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.session = HexFormat.of().formatHex(random);
  }

  /** Lets the request through, or answers 401 and stops it. */
  void check(Context ctx) {
    if (token.isEmpty() || open(ctx.path())) {
      return;
    }
    String authorization = ctx.header("Authorization");
    if (authorization != null
        && authorization.startsWith("Bearer ")
        && same(authorization.substring(7).strip(), token.get())) {
      return;
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null && same(cookie, session)) {
      return;
    }
    ctx.status(HttpStatus.UNAUTHORIZED);
    if (ctx.path().startsWith("/api/")) {
      ctx.contentType("application/json")
          .result("{\"error\":\"unauthorized\",\"message\":\"a token is required\"}");
    } else {
      ctx.contentType("text/html; charset=utf-8")
          .result(loginPage("A token is required to see " + ctx.path() + "."));
    }
    ctx.skipRemainingHandlers();
  }

  /** The login form's POST: a right token sets the session cookie and goes to the pipelines. */
  void login(Context ctx) {
    String given = ctx.formParam("token");
    if (token.isPresent() && given != null && same(given.strip(), token.get())) {
      ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.redirect("/pipelines");
      return;
    }
    ctx.status(HttpStatus.UNAUTHORIZED)
        .contentType("text/html; charset=utf-8")
        .result(
            loginPage(token.isEmpty() ? "This console has no token." : "That token is not right."));
  }

  String loginPage(String message) {
    Html body = new Html();
    if (message != null) {
      body.el("p", message, "class", "message");
    }
    body.open("form", "method", "post", "action", "/login")
        .open("label")
        .text("Token ")
        .open("input", "type", "password", "name", "token", "autocomplete", "current-password")
        .close("label")
        .raw(" <button type=\"submit\">Sign in</button>")
        .close("form");
    return Layout.page("Sign in", "", body.toString());
  }

  private static boolean open(String path) {
    return path.equals("/login") || path.equals("/health") || path.startsWith("/static/");
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
