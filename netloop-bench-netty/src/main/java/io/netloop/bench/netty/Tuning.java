package io.netloop.bench.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every Netty setting the peer uses, in one place so that a reader can judge whether Netty was tuned
 * fairly: the JDK-only NIO transport, one event loop thread per side, the default pooled allocator
 * (direct buffers), {@code TCP_NODELAY}, and 4-byte length-field framing.
 *
 * <pre>
 * +----------------+----------------------+
 * | length: int32  | payload: length bytes|
 * +----------------+----------------------+
 * </pre>
 */
final class Tuning {
    /** The largest frame the decoder accepts; it checks the length before it allocates. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    /** Stateless, so one instance serves every pipeline. */
    private static final LengthFieldPrepender PREPENDER = new LengthFieldPrepender(4);

    private Tuning() {}

    /**
     * One event loop thread: the whole of one side (host or clients) runs on it.
     *
     * @param name the thread's name, e.g. {@code host}
     * @return the group
     */
    static NioEventLoopGroup oneLoop(String name) {
        return new NioEventLoopGroup(1, new DefaultThreadFactory(name));
    }

    /**
     * A host on one event loop: the same thread accepts and serves every connection.
     *
     * @param loop from {@link #oneLoop}
     * @param setup adds the handlers of each accepted connection
     * @return the bootstrap, ready to bind
     */
    static ServerBootstrap host(EventLoopGroup loop, Consumer<ChannelPipeline> setup) {
        return new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(setup));
    }

    /**
     * Clients on one event loop.
     *
     * @param loop from {@link #oneLoop}
     * @param connectTimeoutMillis how long one connect may take, in ms
     * @param setup adds the handlers of each connection
     * @return the bootstrap, ready to connect
     */
    static Bootstrap client(EventLoopGroup loop, int connectTimeoutMillis, Consumer<ChannelPipeline> setup) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer(setup));
    }

    /**
     * Outbound watermarks for a streaming sender: a burst of 1,000 framed 32-byte messages is 36 KB,
     * more than Netty's default 64 KB high mark allows to queue behind a full socket, so the sender
     * would stall every other burst.
     *
     * @return low 512 KB, high 1 MB
     */
    static WriteBufferWaterMark streamingWaterMark() {
        return new WriteBufferWaterMark(512 * 1024, 1024 * 1024);
    }

    /**
     * Splits the inbound bytes into frames and strips the length, so handlers see payloads.
     *
     * @return a new decoder (it keeps state, one per connection)
     */
    static ChannelHandler decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4);
    }

    /**
     * Writes the 4-byte length before each outbound payload.
     *
     * @return the shared prepender
     */
    static ChannelHandler prepender() {
        return PREPENDER;
    }

    /**
     * Binds a host to an ephemeral port on 127.0.0.1.
     *
     * @param host the bootstrap
     * @return the listening channel
     */
    static Channel bindLoopback(ServerBootstrap host) {
        return host.bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /**
     * The port a listening channel is bound to.
     *
     * @param server from {@link #bindLoopback}
     * @return the port
     */
    static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Stops the event loops without a quiet period, so the JVM can exit; waits at most 5 s.
     *
     * @param loops the groups to stop
     */
    static void shutdown(EventLoopGroup... loops) {
        for (EventLoopGroup loop : loops) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        for (EventLoopGroup loop : loops) {
            loop.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static ChannelInitializer<Channel> initializer(Consumer<ChannelPipeline> setup) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                setup.accept(ch.pipeline());
            }
        };
    }
}
