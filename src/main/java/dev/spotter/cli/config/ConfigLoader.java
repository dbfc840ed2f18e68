package dev.spotter.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads {@code spotter.yaml} strictly: an unknown key, a value of the wrong type, a duplicate key
 * or a malformed value is an error naming the file, the line and the key. Nothing is coerced.
 */
public final class ConfigLoader {
  private static final java.util.regex.Pattern LEADING_KEY =
      java.util.regex.Pattern.compile("^([A-Za-z][\\w.]*(?:\\[\\d+])?): ");
  private final ObjectMapper mapper;

  public ConfigLoader() {
    YAMLFactory yaml = new YAMLFactory();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonMapper.Builder builder =
        JsonMapper.builder(yaml)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    ObjectMapper m = builder.build();
    // "- ~" in a list or "X-Token: ~" in a map is a mistake, not an entry.
    m.configOverride(java.util.List.class)
        .setSetterInfo(
            com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                com.fasterxml.jackson.annotation.Nulls.FAIL));
    m.configOverride(java.util.Map.class)
        .setSetterInfo(
            com.fasterxml.jackson.annotation.JsonSetter.Value.forContentNulls(
                com.fasterxml.jackson.annotation.Nulls.FAIL));
    // A number where text is expected (primary: 8080) is a mistake, not something to convert.
    for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean}) {
      m.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    this.mapper = m;
  }

  /** Loads a file; a missing file is an error, since the user named it. */
  public SpotterConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such configuration file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses configuration text; {@code name} is used in messages. */
  public SpotterConfig parse(String name, String text) {
    rejectTabs(name, text);
    try (JsonParser parser = mapper.createParser(text)) {
      try {
        if (parser.nextToken() == null) {
          return SpotterConfig.empty(); // nothing but comments
        }
        SpotterConfig config = mapper.readValue(parser, SpotterConfig.class);
        return config == null ? SpotterConfig.empty() : config;
      } catch (JsonMappingException e) {
        if (e.getCause() instanceof StreamReadException broken) {
          throw notYaml(name, parser, broken);
        }
        throw located(name, text, parser, e);
      } catch (JsonProcessingException e) {
        throw notYaml(name, parser, e);
      }
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private ConfigException located(
      String name, String text, JsonParser parser, JsonMappingException e) {
    String key = key(e);
    String description = describe(e);
    // A check inside a section names its key at the start of its message ("significance: ..."),
    // so the error can point at the line of that key rather than of the section.
    java.util.regex.Matcher m = LEADING_KEY.matcher(description);
    if (m.find()) {
      key = key.isEmpty() ? m.group(1) : key + "." + m.group(1);
      description = description.substring(m.end());
    }
    JsonLocation at = KeyLocations.index(mapper.getFactory(), text).get(key);
    String where = at != null ? where(at) : where(parser, e.getLocation());
    return new ConfigException(
        name + where + ": " + (key.isEmpty() ? "" : key + ": ") + description, e);
  }

  private static ConfigException notYaml(
      String name, JsonParser parser, JsonProcessingException e) {
    return new ConfigException(
        name
            + where(parser, e.getLocation())
            + ": not valid YAML: "
            + e.getOriginalMessage().lines().findFirst().orElse(""),
        e);
  }

  /**
   * The start of the token being read when the error came: the YAML parser's own location is
   * already past the value, often on the next line.
   */
  private static String where(JsonParser parser, JsonLocation fallback) {
    JsonLocation token = parser.currentTokenLocation();
    return where(token != null && token.getLineNr() > 0 ? token : fallback);
  }

  /** YAML forbids tabs for indentation; its own message for them points at the wrong place. */
  private static void rejectTabs(String name, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int indent = 0;
      while (indent < line.length()
          && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
        if (line.charAt(indent) == '\t') {
          throw new ConfigException(
              name
                  + ":"
                  + (i + 1)
                  + ":"
                  + (indent + 1)
                  + ": a tab indents this line; YAML indents with spaces only");
        }
        indent++;
      }
    }
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return ":" + location.getLineNr() + ":" + location.getColumnNr();
  }

  private static String key(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? "." + ref.getFieldName()
                        : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining());
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    return path;
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : " (known keys here: "
                  + u.getKnownPropertyIds().stream()
                      .map(Object::toString)
                      .sorted()
                      .collect(Collectors.joining(", "))
                  + ")";
      return "unknown key '" + u.getPropertyName() + "'" + known;
    }
    if (e instanceof ValueInstantiationException
        || e.getCause() instanceof IllegalArgumentException) {
      Throwable cause = e.getCause();
      return cause != null && cause.getMessage() != null
          ? cause.getMessage()
          : e.getOriginalMessage();
    }
    if (e instanceof InvalidFormatException f) {
      if (f.getTargetType() == String.class && f.getValue() instanceof Number) {
        return "expected text, found the number "
            + f.getValue()
            + " (quote it if it is meant as text)";
      }
      return "'" + f.getValue() + "' is not " + typeName(f.getTargetType());
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
      return "an empty entry (~ or nothing after the dash or colon); remove it or give it a value";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      String expected = typeName(m.getTargetType());
      String found = found(m);
      return "expected " + expected + (found.isEmpty() ? "" : ", found " + found);
    }
    return e.getOriginalMessage();
  }

  /** What the parser was looking at when a value had the wrong type. */
  private static String found(MismatchedInputException e) {
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return "";
    }
    try {
      return switch (p.currentToken()) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
            "the number "
                + p.getText()
                + (e.getTargetType() == String.class ? " (quote it if it is meant as text)" : "");
        case VALUE_TRUE, VALUE_FALSE -> p.getText();
        case VALUE_STRING -> "the text '" + p.getText() + "'";
        case START_ARRAY -> "a list";
        case START_OBJECT -> "a mapping";
        default -> "";
      };
    } catch (IOException | RuntimeException unreadable) {
      return "";
    }
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    if (type == DurationValue.class) {
      return "a duration such as 10s";
    }
    if (type == SizeValue.class) {
      return "a size such as 10MiB";
    }
    if (type.isRecord()) {
      return "a mapping with the keys "
          + java.util.Arrays.stream(type.getRecordComponents())
              .map(java.lang.reflect.RecordComponent::getName)
              .collect(Collectors.joining(", "));
    }
    return "a value of another kind";
  }
}
