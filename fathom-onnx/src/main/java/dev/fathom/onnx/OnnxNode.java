package dev.fathom.onnx;

import dev.fathom.onnx.proto.OnnxProto.AttributeProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One ONNX node with its attributes by name, and how to say which node it is in messages. */
final class OnnxNode {
    final NodeProto proto;
    private final Map<String, AttributeProto> attributes = new HashMap<>();

    OnnxNode(NodeProto proto) {
        this.proto = proto;
        for (AttributeProto a : proto.getAttributeList()) attributes.put(a.getName(), a);
    }

    String op() {
        return proto.getOpType();
    }

    /** "Conv node '/layer1/conv1/Conv'", or the node's first output when it has no name. */
    String label() {
        String name = proto.getName().isEmpty() ? (proto.getOutputCount() > 0 ? "output " + proto.getOutput(0) : "?") : proto.getName();
        return op() + " node '" + name + "'";
    }

    int inputCount() {
        return proto.getInputCount();
    }

    /** The name of input {@code i}, or null when it is absent or empty (an optional input left out). */
    String input(int i) {
        return i < proto.getInputCount() && !proto.getInput(i).isEmpty() ? proto.getInput(i) : null;
    }

    boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    long i(String name, long fallback) {
        AttributeProto a = attributes.get(name);
        return a == null ? fallback : a.getI();
    }

    double f(String name, double fallback) {
        AttributeProto a = attributes.get(name);
        return a == null ? fallback : a.getF();
    }

    String s(String name, String fallback) {
        AttributeProto a = attributes.get(name);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    long[] ints(String name, long[] fallback) {
        AttributeProto a = attributes.get(name);
        if (a == null) return fallback;
        long[] v = new long[a.getIntsCount()];
        for (int k = 0; k < v.length; k++) v[k] = a.getInts(k);
        return v;
    }

    float[] floats(String name) {
        AttributeProto a = attributes.get(name);
        if (a == null) return null;
        float[] v = new float[a.getFloatsCount()];
        for (int k = 0; k < v.length; k++) v[k] = a.getFloats(k);
        return v;
    }

    AttributeProto attribute(String name) {
        return attributes.get(name);
    }
}
