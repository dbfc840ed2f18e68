package dev.spotter.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop group and the matching socket channel type: native epoll where the platform has it
 * (fewer copies and syscalls), NIO everywhere else.
 */
record EventLoops(
    EventLoopGroup group,
    Class<? extends SocketChannel> channelType,
    Class<? extends ServerSocketChannel> serverChannelType,
    String transport) {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

  static EventLoops create(int threads, String threadNamePrefix) {
    return create(threads, threadNamePrefix, false);
  }

  /**
   * @param background run the loops at a lower priority than forwarding (see {@link
   *     BackgroundPriority})
   */
  static EventLoops create(int threads, String threadNamePrefix, boolean background) {
    // Daemon threads: a caller that forgets close() must not keep the JVM alive.
    ThreadFactory daemons = new DefaultThreadFactory(threadNamePrefix, true);
    ThreadFactory threadFactory = background ? BackgroundPriority.lowered(daemons) : daemons;
    NativeEpoll epoll = NativeEpoll.load();
    if (epoll != null) {
      return new EventLoops(
          new MultiThreadIoEventLoopGroup(threads, threadFactory, epoll.handlers()),
          epoll.channelType(),
          epoll.serverChannelType(),
          "epoll");
    }
    return new EventLoops(
        new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
        NioSocketChannel.class,
        NioServerSocketChannel.class,
        "nio");
  }

  /**
   * Netty's epoll classes, looked up by name: the build has them on the runtime class path only
   * (netty-transport-native-epoll declares its classes jar with runtime scope), and a platform
   * without them must still work over NIO.
   */
  private record NativeEpoll(
      IoHandlerFactory handlers,
      Class<? extends SocketChannel> channelType,
      Class<? extends ServerSocketChannel> serverChannelType) {
    static NativeEpoll load() {
      try {
        Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
        if (!(Boolean) epoll.getMethod("isAvailable").invoke(null)) {
          return null;
        }
        IoHandlerFactory handlers =
            (IoHandlerFactory)
                Class.forName("io.netty.channel.epoll.EpollIoHandler")
                    .getMethod("newFactory")
                    .invoke(null);
        Class<? extends SocketChannel> channelType =
            Class.forName("io.netty.channel.epoll.EpollSocketChannel")
                .asSubclass(SocketChannel.class);
        Class<? extends ServerSocketChannel> serverChannelType =
            Class.forName("io.netty.channel.epoll.EpollServerSocketChannel")
                .asSubclass(ServerSocketChannel.class);
        return new NativeEpoll(handlers, channelType, serverChannelType);
      } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
        LOG.debug("native epoll is not usable, using NIO: {}", e.toString());
        return null;
      }
    }
  }
}
