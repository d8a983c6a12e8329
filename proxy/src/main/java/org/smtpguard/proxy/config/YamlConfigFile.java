package org.smtpguard.proxy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The {@code --config} YAML file as raw values. Keys may be nested
 * ({@code upstream: {tls: {mode: starttls}}}), flat ({@code upstream.tls.mode: starttls}) or
 * both; a list is a YAML sequence or a comma-separated string. The file is only composed into
 * nodes, never constructed into objects: scalars stay the text the operator wrote, no tag
 * ({@code !ENV} and the like) is honoured, and every value keeps its line for error messages.
 */
final class YamlConfigFile {

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private final Path file;
    private final Map<ConfigKey<?>, RawValue> values = new LinkedHashMap<>();

    private final List<ConfigException> problems;

    private YamlConfigFile(Path file, List<ConfigException> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * The values of the file. A problem with one key or value is added to {@code problems} and the
     * rest of the file is read on; a file that cannot be read or parsed is one problem.
     */
    static Map<ConfigKey<?>, RawValue> read(Path file, List<ConfigException> problems) {
        YamlConfigFile reader = new YamlConfigFile(file, problems);
        try {
            compose(file).ifPresent(root -> {
                if (!(root instanceof MappingNode mapping)) {
                    throw ConfigException.badFile(file.toString(), "line " + line(root) + ": expected keys and values, e.g. upstream.address: mail.example:587");
                }
                reader.walk(mapping, "");
            });
        } catch (ConfigException e) {
            problems.add(e);
        }
        return reader.values;
    }

    private static Optional<Node> compose(Path file) {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Compose(settings).composeReader(in);
        } catch (NoSuchFileException e) {
            throw ConfigException.badFile(file.toString(), "no such file");
        } catch (AccessDeniedException e) {
            throw ConfigException.badFile(file.toString(), "cannot read the file (permission denied)");
        } catch (IOException e) {
            throw ConfigException.badFile(file.toString(), "cannot read: " + e.getMessage());
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
            throw ConfigException.badFile(file.toString(), where + "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw ConfigException.badFile(file.toString(), "not valid YAML: " + e.getMessage());
        }
    }

    private void walk(MappingNode mapping, String prefix) {
        for (NodeTuple tuple : mapping.getValue()) {
            try {
                readEntry(tuple, prefix);
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
    }

    private void readEntry(NodeTuple tuple, String prefix) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
            throw ConfigException.badFile(file.toString(), "line " + line(keyNode) + ": a key must be a plain name");
        }
        String name = prefix.isEmpty() ? scalarKey.getValue() : prefix + "." + scalarKey.getValue();
        Node valueNode = tuple.getValueNode();
        Optional<ConfigKey<?>> key = ConfigKeys.byName(name);
        if (key.isPresent()) {
            put(key.get(), valueNode, Source.file(file, line(keyNode)));
        } else if (valueNode instanceof MappingNode nested && ConfigKeys.isSection(name)) {
            walk(nested, name);
        } else if (Tag.NULL.equals(valueNode.getTag()) && ConfigKeys.isSection(name)) {
            return; // "client:" with every entry commented out
        } else {
            throw ConfigException.unknownKey(name, Source.file(file, line(keyNode)).origin(), ConfigKeys.isSection(name)
                    ? "a section, not a key: put keys such as " + firstKeyIn(name) + " under it"
                    : Suggestions.didYouMean(name, ConfigKeys.all().stream().map(ConfigKey::name).toList()));
        }
    }

    private void put(ConfigKey<?> key, Node node, Source source) {
        if (values.containsKey(key)) {
            throw ConfigException.badKey(key.name(), "set twice in " + source.origin()
                    + " (first in line " + values.get(key).source().line() + ")");
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw ConfigException.badValue(key.name(), node.getTag().getValue(), source, "YAML tags are not supported");
        }
        if (node instanceof ScalarNode scalar) {
            if (Tag.NULL.equals(scalar.getTag())) {
                throw ConfigException.badValue(key.name(), scalar.getValue(), source,
                        "no value; remove the key to use the default");
            }
            values.put(key, RawValue.ofText(key, scalar.getValue(), source));
        } else if (node instanceof SequenceNode sequence) {
            if (!key.type().isList()) {
                throw ConfigException.badValue(key.name(), "[...]", source, "expected one value, not a list");
            }
            List<String> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (!(item instanceof ScalarNode scalarItem) || Tag.NULL.equals(item.getTag())
                        || !PLAIN_TAGS.contains(item.getTag())) {
                    throw ConfigException.badValue(key.name(), "[...]", source,
                            "line " + line(item) + ": each item must be a plain value");
                }
                items.add(scalarItem.getValue());
            }
            values.put(key, new RawValue(items, source));
        } else {
            throw ConfigException.badValue(key.name(), "{...}", source, "expected a value, not a mapping");
        }
    }

    private static String firstKeyIn(String section) {
        return ConfigKeys.all().stream().map(ConfigKey::name).filter(n -> n.startsWith(section + ".")).findFirst()
                .orElse(section);
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }
}
