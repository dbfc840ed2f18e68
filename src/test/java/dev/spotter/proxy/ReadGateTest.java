package dev.spotter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate in front of the decoder, driven as the transport drives it, auto-read off. */
class ReadGateTest {
  /** What reaches the decoder's place: the text of each buffer, and the read completions. */
  private static final class Decoder extends ChannelInboundHandlerAdapter {
    final List<String> got = new ArrayList<>();
    int completions;
    boolean readAgainOnComplete; // like a decoder that got only part of a message

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      got.add(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      completions++;
      if (readAgainOnComplete) {
        ctx.read();
      }
    }
  }

  private static EmbeddedChannel channel(Decoder decoder) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAutoRead(false);
    ch.pipeline().addLast(new ReadGate(), decoder);
    return ch;
  }

  private static ByteBuf buf(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void aReadThatBringsSeveralBuffersHandsOnOnlyTheFirstUntilAskedAgain() {
    Decoder decoder = new Decoder();
    EmbeddedChannel ch = channel(decoder);

    ch.read();
    ch.writeInbound(buf("a"), buf("b"), buf("c")); // one transport read, three buffers

    assertThat(decoder.got).containsExactly("a");
    assertThat(decoder.completions).isEqualTo(1);
    ch.read();
    assertThat(decoder.got).containsExactly("a", "b");
    assertThat(decoder.completions).isEqualTo(2);
    ch.read();
    ch.read(); // nothing held: goes to the transport
    assertThat(decoder.got).containsExactly("a", "b", "c");
    ch.writeInbound(buf("d"));
    assertThat(decoder.got).containsExactly("a", "b", "c", "d");
    ch.writeInbound(buf("e")); // nobody asked
    assertThat(decoder.got).containsExactly("a", "b", "c", "d");
    ch.read();
    assertThat(decoder.got).containsExactly("a", "b", "c", "d", "e");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void aDecoderAskingAgainFromItsCompletionGetsEveryHeldBufferInOrderWithoutRecursion() {
    Decoder decoder = new Decoder();
    EmbeddedChannel ch = channel(decoder);
    int n = 20_000; // deep enough that recursion through read and completion would overflow
    ByteBuf[] bufs = new ByteBuf[n];
    for (int i = 0; i < n; i++) {
      bufs[i] = buf(Integer.toString(i));
    }
    ch.writeInbound((Object[]) bufs); // held: no read was asked

    decoder.readAgainOnComplete = true;
    ch.read();

    assertThat(decoder.got).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(decoder.got.get(i)).isEqualTo(Integer.toString(i));
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void heldBytesAreReleasedWhenTheConnectionCloses() {
    Decoder decoder = new Decoder();
    EmbeddedChannel ch = channel(decoder);
    ByteBuf held = buf("pipelined");
    ch.writeInbound(held);

    ch.close();

    assertThat(held.refCnt()).isZero();
    assertThat(decoder.got).isEmpty();
  }

  @Test
  void aLingeringConnectionWithAutoReadOnPassesEverythingThrough() {
    Decoder decoder = new Decoder();
    EmbeddedChannel ch = channel(decoder);
    ch.writeInbound(buf("held"));

    ch.config().setAutoRead(true);
    ch.writeInbound(buf("more"));

    assertThat(decoder.got).containsExactly("held", "more");
    ch.finish();
  }
}
