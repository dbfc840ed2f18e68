package dev.spotter.diff;

/**
 * The position of the walk in the response tree. Segments are kept as they are and only turned into
 * JSON Pointer text when a difference is found, because most of the tree is equal and building
 * strings for it would cost more than the walk.
 */
final class PathStack {
  private String[] keys = new String[16];
  private int[] indexes = new int[16];
  private int depth;

  void pushKey(String key) {
    grow();
    keys[depth] = key;
    indexes[depth] = -1;
    depth++;
  }

  void pushIndex(int index) {
    grow();
    keys[depth] = null;
    indexes[depth] = index;
    depth++;
  }

  void pop() {
    depth--;
  }

  /** The concrete JSON Pointer, such as {@code /body/items/3/qty}. */
  String pointer() {
    return render(false);
  }

  /** The pointer with array indexes folded to {@code *}. */
  String folded() {
    return render(true);
  }

  /** Whether any segment is an array index, that is whether folding changes the pointer. */
  boolean hasIndex() {
    for (int i = 0; i < depth; i++) {
      if (keys[i] == null) {
        return true;
      }
    }
    return false;
  }

  private String render(boolean fold) {
    StringBuilder sb = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      sb.append('/');
      if (keys[i] != null) {
        escapeInto(sb, keys[i]);
      } else if (fold) {
        sb.append('*');
      } else {
        sb.append(indexes[i]);
      }
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /** JSON Pointer escaping (RFC 6901): '~' becomes '~0' and '/' becomes '~1'. */
  static void escapeInto(StringBuilder sb, String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '~') {
        sb.append("~0");
      } else if (c == '/') {
        sb.append("~1");
      } else {
        sb.append(c);
      }
    }
  }

  static String escape(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 2);
    escapeInto(sb, key);
    return sb.toString();
  }

  private void grow() {
    if (depth == keys.length) {
      keys = java.util.Arrays.copyOf(keys, depth * 2);
      indexes = java.util.Arrays.copyOf(indexes, depth * 2);
    }
  }
}
