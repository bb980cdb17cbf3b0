/**
 * Typed messages for netloop: register Java records with a {@link io.netloop.codec.Codec}, send
 * them on a {@link io.netloop.Peer}, and decode {@link io.netloop.NetEvent.Type#DATA} events back
 * into records. MessagePack on the wire, so peers in other languages can read it.
 */
package io.netloop.codec;
