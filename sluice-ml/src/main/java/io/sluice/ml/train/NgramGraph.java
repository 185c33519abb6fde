package io.sluice.ml.train;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ONNX graph of the token uni- and bigram classifier, in the layout of a Hugging Face
 * text-classification export: inputs {@code input_ids} and {@code attention_mask} ([batch,
 * sequence], int64), output {@code logits} ([batch, 2], float).
 *
 * <pre>
 * z      = bias + sum_t w_uni[id_t] + sum_{t>=1} w_bi[(id_{t-1} * V + id_t) mod B]   (masked)
 * logits = [-z/2, z/2]        so that softmax(logits)[1] = sigmoid(z)
 * </pre>
 */
final class NgramGraph {
  private NgramGraph() {}

  /** Bigram bucket of the token pair (previous, current), as the graph computes it. */
  static int bucket(long previous, long current, int vocabulary, int buckets) {
    return (int) Math.floorMod(previous * vocabulary + current, (long) buckets);
  }

  static byte[] model(float[] unigram, float[] bigram, float bias, String description) {
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("sluice_ngram");
    graph.addInput(input("input_ids", OnnxMl.TensorProto.DataType.INT64, true));
    graph.addInput(input("attention_mask", OnnxMl.TensorProto.DataType.INT64, true));
    graph.addOutput(output());

    graph.addInitializer(floats("w_uni", unigram, unigram.length));
    graph.addInitializer(floats("w_bi", bigram, bigram.length));
    graph.addInitializer(floats("bias", new float[] {bias}, 1));
    graph.addInitializer(floats("halves", new float[] {-0.5f, 0.5f}, 2));
    graph.addInitializer(scalarLong("vocabulary", unigram.length));
    graph.addInitializer(scalarLong("buckets", bigram.length));
    graph.addInitializer(longs("axis1", 1));
    graph.addInitializer(longs("zero", 0));
    graph.addInitializer(longs("one", 1));
    graph.addInitializer(longs("minus_one", -1));
    graph.addInitializer(longs("end", Long.MAX_VALUE));

    graph.addNode(
        node("Cast", "mask_f", "attention_mask")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("to")
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(OnnxMl.TensorProto.DataType.FLOAT_VALUE)));
    graph.addNode(node("Gather", "uni", "w_uni", "input_ids"));
    graph.addNode(node("Mul", "uni_masked", "uni", "mask_f"));
    graph.addNode(keepDims(node("ReduceSum", "uni_sum", "uni_masked", "axis1")));
    graph.addNode(node("Slice", "left", "input_ids", "zero", "minus_one", "axis1"));
    graph.addNode(node("Slice", "right", "input_ids", "one", "end", "axis1"));
    graph.addNode(node("Slice", "mask_right", "mask_f", "one", "end", "axis1"));
    graph.addNode(node("Mul", "left_scaled", "left", "vocabulary"));
    graph.addNode(node("Add", "pair", "left_scaled", "right"));
    graph.addNode(node("Mod", "pair_bucket", "pair", "buckets"));
    graph.addNode(node("Gather", "bi", "w_bi", "pair_bucket"));
    graph.addNode(node("Mul", "bi_masked", "bi", "mask_right"));
    graph.addNode(keepDims(node("ReduceSum", "bi_sum", "bi_masked", "axis1")));
    graph.addNode(node("Add", "ngram_sum", "uni_sum", "bi_sum"));
    graph.addNode(node("Add", "z", "ngram_sum", "bias"));
    graph.addNode(node("Mul", "logits", "z", "halves"));

    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("sluice")
        .setProducerVersion("1")
        .setDocString(description)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static OnnxMl.NodeProto.Builder node(String op, String output, String... inputs) {
    OnnxMl.NodeProto.Builder node =
        OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String input : inputs) {
      node.addInput(input);
    }
    return node;
  }

  private static OnnxMl.NodeProto.Builder keepDims(OnnxMl.NodeProto.Builder node) {
    return node.addAttribute(
        OnnxMl.AttributeProto.newBuilder()
            .setName("keepdims")
            .setType(OnnxMl.AttributeProto.AttributeType.INT)
            .setI(1));
  }

  private static OnnxMl.ValueInfoProto input(
      String name, OnnxMl.TensorProto.DataType type, boolean sequence) {
    OnnxMl.TensorShapeProto.Builder shape =
        OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    if (sequence) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("sequence"));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
        .build();
  }

  private static OnnxMl.ValueInfoProto output() {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName("logits")
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(
                            OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimParam("batch"))
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimValue(2)))))
        .build();
  }

  private static OnnxMl.TensorProto floats(String name, float[] values, long length) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    bytes.flip();
    return OnnxMl.TensorProto.newBuilder()
        .setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
        .addDims(length)
        .setRawData(ByteString.copyFrom(bytes))
        .build();
  }

  private static OnnxMl.TensorProto longs(String name, long value) {
    return OnnxMl.TensorProto.newBuilder()
        .setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
        .addDims(1)
        .addInt64Data(value)
        .build();
  }

  private static OnnxMl.TensorProto scalarLong(String name, long value) {
    return OnnxMl.TensorProto.newBuilder()
        .setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE)
        .addInt64Data(value)
        .build();
  }
}
