package dev.spotter.capture;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which names of body fields, form fields, query parameters and headers carry a credential.
 *
 * <p>Names are compared normalised: lower case, with everything but letters and digits dropped, so
 * {@code Api-Key}, {@code api_key} and {@code apiKey} are all {@code apikey}. A name matches when
 * it is one of the whole names, or ends with one of the endings ({@code newPassword}, {@code
 * client_secret}, {@code github_access_token}). A bare {@code token} is a whole name only: {@code
 * next_page_token}, {@code pageToken} or {@code continuation_token} are paging, not credentials.
 */
final class SecretNames {
  /** Names that are secret only as a whole. */
  static final List<String> WHOLE =
      List.of("token", "auth", "pwd", "credentials", "sessionid", "jsessionid", "phpsessid");

  /** Endings that make a name secret, and also secret as a whole. */
  static final List<String> ENDINGS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "apikey",
          "privatekey",
          "secretkey",
          "accesstoken",
          "refreshtoken",
          "idtoken",
          "authtoken",
          "sessiontoken",
          "securitytoken",
          "apitoken",
          "bearertoken",
          "csrftoken",
          "xsrftoken");

  /** Header names that say what the value is about, not what it is; never redacted by name. */
  private static final Set<String> HEADER_EXCEPTIONS =
      Set.of("wwwauthenticate", "proxyauthenticate", "authenticationinfo");

  private final Set<String> whole;
  private final List<String> endings;

  /**
   * @param extraNames more whole names (from configuration), compared normalised
   * @param builtIn whether the built-in lists apply
   */
  SecretNames(List<String> extraNames, boolean builtIn) {
    this.whole =
        extraNames.stream()
            .map(SecretNames::normalise)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toCollection(HashSet::new));
    if (builtIn) {
      whole.addAll(WHOLE);
      whole.addAll(ENDINGS);
    }
    this.endings = builtIn ? ENDINGS : List.of();
  }

  boolean isEmpty() {
    return whole.isEmpty();
  }

  /** Whether a body field, form field or query parameter of this name holds a secret. */
  boolean isSecret(String name) {
    String n = normalise(name);
    if (whole.contains(n)) {
      return true;
    }
    for (String ending : endings) {
      if (n.endsWith(ending)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a header of this name holds a secret: as for fields, after an {@code X-} prefix, and
   * also any name containing token, secret, password, api-key or credential, or the word auth
   * ({@code X-Auth}, {@code X-Auth-User}, {@code X-Vault-Token}), but not the challenges {@code
   * WWW-Authenticate}, {@code Proxy-Authenticate} and {@code Authentication-Info}, nor paging
   * headers ({@code X-Next-Page-Token}).
   */
  boolean isSecretHeader(String name) {
    if (endings.isEmpty()) {
      return isSecret(name) || isSecret(withoutXPrefix(name));
    }
    String n = normalise(name);
    if (HEADER_EXCEPTIONS.contains(n) || n.endsWith("pagetoken")) {
      return false;
    }
    if (isSecret(name) || isSecret(withoutXPrefix(name))) {
      return true;
    }
    if (n.contains("token")
        || n.contains("secret")
        || n.contains("password")
        || n.contains("passwd")
        || n.contains("apikey")
        || n.contains("credential")) {
      return true;
    }
    for (String word : name.toLowerCase(Locale.ROOT).split("[-_.]")) {
      if (word.equals("auth") || word.startsWith("authoriz")) {
        return true;
      }
    }
    return false;
  }

  private static String withoutXPrefix(String name) {
    return name.regionMatches(true, 0, "x-", 0, 2) ? name.substring(2) : name;
  }

  /** {@code X-Api_Key} becomes {@code xapikey}. */
  static String normalise(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = Character.toLowerCase(name.charAt(i));
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
