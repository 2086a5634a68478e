package lurch.interpreter;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.interpreter.ast.Command;

/**
 * Where each node of a parsed program was written. Keyed by identity, because two equal commands
 * written in two places are two nodes (records are equal by value). Only the nodes of the program
 * this map was parsed with are known.
 */
public final class SourceMap {

    /** A node: its opening parenthesis and each of its arguments, in source order after the keyword. */
    public record Node(Position open, List<Argument> arguments) {
        public Node {
            arguments = List.copyOf(arguments);
        }
    }

    /** An argument, and when it is a list, each of its items. */
    public record Argument(Position position, List<Position> items) {
        public Argument {
            items = List.copyOf(items);
        }
    }

    private static final SourceMap EMPTY = new SourceMap(new IdentityHashMap<>());

    private final Map<Command, Node> nodes;

    public SourceMap(IdentityHashMap<Command, Node> nodes) {
        this.nodes = new IdentityHashMap<>(nodes);
    }

    public static SourceMap empty() {
        return EMPTY;
    }

    /** The opening parenthesis of {@code node}; empty when the node is not from this parse. */
    public Optional<Position> position(Command node) {
        return Optional.ofNullable(nodes.get(node)).map(Node::open);
    }

    /** Argument {@code index} (0-based, after the keyword) of {@code node}, or the node itself when it has none. */
    public Position argument(Command node, int index) {
        Node n = node(node);
        return index < n.arguments().size() ? n.arguments().get(index).position() : n.open();
    }

    /** Item {@code item} of the list given as argument {@code argument}, or that argument when it has none. */
    public Position item(Command node, int argument, int item) {
        Node n = node(node);
        if (argument >= n.arguments().size()) {
            return n.open();
        }
        Argument a = n.arguments().get(argument);
        return item < a.items().size() ? a.items().get(item) : a.position();
    }

    public int size() {
        return nodes.size();
    }

    private Node node(Command command) {
        Node n = nodes.get(command);
        if (n == null) {
            throw new IllegalArgumentException("not a node of the parsed program: " + command.keyword());
        }
        return n;
    }
}
