package dev.spotter.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Randomized invariants of the structural diff, over seeded random JSON documents. */
class DiffInvariantsTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ResponseDiffer differ = new ResponseDiffer(DiffSettings.defaults());

  @Test
  void aDocumentComparedWithItselfHasNoDifferencesWhateverItsFieldOrder() {
    for (long seed = 1; seed <= 500; seed++) {
      Random random = new Random(seed);
      JsonNode doc = randomObject(random, 0);
      JsonNode shuffled = shuffleFields(doc, random);
      assertThat(diff(doc, shuffled)).as("seed %d: %s", seed, doc).isEmpty();
    }
  }

  @Test
  void aSingleMutationIsFoundAtItsPointerWithItsKind() {
    for (long seed = 1; seed <= 500; seed++) {
      Random random = new Random(seed);
      ObjectNode doc = randomObject(random, 0);
      ObjectNode mutated = doc.deepCopy();
      List<String[]> fields = new ArrayList<>();
      collectFields(mutated, "/body", fields);
      String[] target = fields.get(random.nextInt(fields.size()));
      ObjectNode parent = (ObjectNode) mutated.at(target[0].substring("/body".length()));
      String name = target[1];
      JsonNode old = parent.get(name);
      DifferenceKind expected;
      switch (random.nextInt(4)) {
        case 0 -> {
          parent.remove(name);
          expected = DifferenceKind.FIELD_MISSING;
        }
        case 1 -> {
          parent.set(name + "_new", F.textNode("added"));
          expected = DifferenceKind.FIELD_ADDED;
          name = name + "_new";
        }
        case 2 -> {
          parent.set(name, old.isTextual() ? F.numberNode(1) : F.textNode("changed"));
          expected = DifferenceKind.TYPE_CHANGED;
        }
        default -> {
          if (old.isNumber()) {
            parent.set(name, F.numberNode(old.doubleValue() + 1.5));
            expected = DifferenceKind.VALUE_CHANGED;
          } else if (old.isTextual()) {
            parent.set(name, F.textNode(old.textValue() + "!"));
            expected = DifferenceKind.VALUE_CHANGED;
          } else {
            parent.set(name, F.textNode("replaced"));
            expected = DifferenceKind.TYPE_CHANGED;
          }
        }
      }
      String pointer = target[0] + "/" + PathStack.escape(name);
      List<Difference> diffs = diff(doc, mutated);
      assertThat(diffs)
          .as("seed %d: expected %s at %s in %s", seed, expected, pointer, diffs)
          .extracting(Difference::pointer, Difference::kind)
          .containsExactly(org.assertj.core.api.Assertions.tuple(pointer, expected));
    }
  }

  @Test
  void foldedPathsNeverContainArrayIndexes() {
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      JsonNode a = randomObject(random, 0);
      JsonNode b = randomObject(random, 0);
      for (Difference d : diff(a, b)) {
        assertThat(d.path().split("/"))
            .as("seed %d: %s", seed, d)
            .noneMatch(segment -> segment.matches("\\d+") && d.pointer().contains("/" + segment));
        assertThat(d.path()).as("seed %d", seed).startsWith("/body");
      }
    }
  }

  private List<Difference> diff(JsonNode a, JsonNode b) {
    try {
      return differ.diff(
          Responses.ORDERS,
          Responses.json(MAPPER.writeValueAsString(a)),
          Responses.json(MAPPER.writeValueAsString(b)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static void collectFields(JsonNode node, String pointer, List<String[]> out) {
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                out.add(new String[] {pointer, name});
                collectFields(node.get(name), pointer + "/" + PathStack.escape(name), out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectFields(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  private static ObjectNode randomObject(Random random, int depth) {
    ObjectNode node = F.objectNode();
    int fields = 1 + random.nextInt(depth == 0 ? 6 : 4);
    for (int i = 0; i < fields; i++) {
      String name = FIELD_NAMES[random.nextInt(FIELD_NAMES.length)] + (i == 0 ? "" : i);
      node.set(name, randomValue(random, depth + 1));
    }
    return node;
  }

  private static final String[] FIELD_NAMES = {"id", "name", "a/b", "t~x", "items", "total", "x"};

  private static JsonNode randomValue(Random random, int depth) {
    int choice = random.nextInt(depth >= 4 ? 5 : 7);
    return switch (choice) {
      case 0 -> F.numberNode(random.nextInt(1000));
      case 1 -> F.numberNode(random.nextDouble() * 100);
      case 2 -> F.textNode(Long.toHexString(random.nextLong()));
      case 3 -> F.booleanNode(random.nextBoolean());
      case 4 -> F.nullNode();
      case 5 -> randomObject(random, depth);
      default -> {
        ArrayNode array = F.arrayNode();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          array.add(randomValue(random, depth + 1));
        }
        yield array;
      }
    };
  }

  private static JsonNode shuffleFields(JsonNode node, Random random) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.shuffle(names, random);
      ObjectNode copy = F.objectNode();
      for (String name : names) {
        copy.set(name, shuffleFields(node.get(name), random));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = F.arrayNode();
      node.forEach(e -> copy.add(shuffleFields(e, random)));
      return copy;
    }
    return node;
  }
}
