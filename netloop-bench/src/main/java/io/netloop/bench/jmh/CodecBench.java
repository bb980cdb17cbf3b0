package io.netloop.bench.jmh;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.netloop.bench.jmh.CodecMessages.Chat;
import io.netloop.bench.jmh.CodecMessages.Entity;
import io.netloop.bench.jmh.CodecMessages.Move;
import io.netloop.bench.jmh.CodecMessages.Snapshot;
import io.netloop.bench.jmh.CodecMessages.Team;
import io.netloop.codec.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode then decode one typical game message ({@link CodecMessages}), by netloop-codec, by Kryo 5
 * (classes registered, its {@code Output} and {@code Input} reused as Kryo advises) and by Java
 * serialization, in the same run. Each operation returns the decoded message, so nothing is
 * optimised away. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the garbage per message.
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main CodecBench -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBench {
    /** Which message: {@code move} (input), {@code chat}, or {@code snapshot} (32 entities). */
    @Param({"move", "chat", "snapshot"})
    public String message;

    private Record value;
    private Codec codec;
    private Kryo kryo;
    private final Output kryoOut = new Output(16 * 1024);
    private final Input kryoIn = new Input();
    private final ByteArrayOutputStream javaOut = new ByteArrayOutputStream(16 * 1024);

    /** Builds the message and the three codecs. */
    @Setup(Level.Trial)
    public void setUp() {
        value = switch (message) {
            case "move" -> CodecMessages.move();
            case "chat" -> CodecMessages.chat();
            case "snapshot" -> CodecMessages.snapshot();
            default -> throw new IllegalArgumentException("message " + message + ": use move, chat or snapshot");
        };
        codec = netloopCodec();
        kryo = newKryo();
    }

    /**
     * netloop-codec with the three messages registered.
     *
     * @return the codec
     */
    public static Codec netloopCodec() {
        return Codec.builder()
                .register(Move.class, Chat.class, Entity.class, Snapshot.class)
                .build();
    }

    /**
     * Kryo 5 with every class registered (its default: unregistered classes are refused).
     *
     * @return a Kryo instance for this thread
     */
    public static Kryo newKryo() {
        Kryo k = new Kryo();
        k.setRegistrationRequired(true);
        k.register(Move.class);
        k.register(Chat.class);
        k.register(Entity.class);
        k.register(Snapshot.class);
        k.register(Team.class);
        k.register(ArrayList.class);
        return k;
    }

    /**
     * netloop-codec: MessagePack, a new byte array per message as {@code Peer.send} takes it.
     *
     * @return the decoded message
     */
    @Benchmark
    public Object netloop() {
        return codec.decode(codec.encode(value));
    }

    /**
     * Kryo 5: class id and fields, into a reused buffer and out of it.
     *
     * @return the decoded message
     */
    @Benchmark
    public Object kryo() {
        kryoOut.reset();
        kryo.writeClassAndObject(kryoOut, value);
        kryoIn.setBuffer(kryoOut.getBuffer(), 0, kryoOut.position());
        return kryo.readClassAndObject(kryoIn);
    }

    /**
     * Java serialization: a stream per message, the way it is used to send one.
     *
     * @return the decoded message
     */
    @Benchmark
    public Object javaSerialization() {
        javaOut.reset();
        try (ObjectOutputStream out = new ObjectOutputStream(javaOut)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaOut.toByteArray()))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
