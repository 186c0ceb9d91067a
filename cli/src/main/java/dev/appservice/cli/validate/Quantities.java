package dev.appservice.cli.validate;

import java.util.regex.Pattern;

/**
 * The grammar of a Kubernetes resource quantity ({@code 500m}, {@code 1Gi}, {@code 1e3}), as the
 * API server's {@code isQuantity} CEL function and {@code resource.ParseQuantity} accept it:
 *
 * <pre>
 * quantity = [sign] number [suffix]
 * number   = digits | digits "." [digits] | "." digits
 * suffix   = Ki | Mi | Gi | Ti | Pi | Ei            (binary SI)
 *          | n | u | m | k | M | G | T | P | E      (decimal SI)
 *          | ("e" | "E") [sign] digits              (decimal exponent)
 * </pre>
 */
final class Quantities {

  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?");

  private Quantities() {}

  static boolean isQuantity(String text) {
    return QUANTITY.matcher(text).matches();
  }
}
