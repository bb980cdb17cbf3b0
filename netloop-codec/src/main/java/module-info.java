/**
 * netloop-codec: typed messages from Java records, MessagePack on the wire.
 *
 * <p>Only {@code io.netloop.codec} is exported; the field codecs live in a package that is not.
 */
// msgpack-core ships without a module descriptor or Automatic-Module-Name, so its name is derived
// from the jar's file name; javac flags every requires of such a module.
@SuppressWarnings("requires-automatic")
module io.netloop.codec {
    requires transitive io.netloop;
    requires msgpack.core;
    // msgpack-core reads memory through sun.misc.Unsafe when it can; a fully modular application
    // would otherwise never resolve jdk.unsupported, and msgpack falls back to slower buffers.
    requires jdk.unsupported;

    exports io.netloop.codec;
}
