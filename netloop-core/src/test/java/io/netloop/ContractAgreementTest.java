package io.netloop;

import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NetConfig.Builder#agreement}: two builds whose message sets differ are refused in the
 * handshake, with a reason that says so, and never exchange a message; over every transport.
 */
@Timeout(30)
class ContractAgreementTest {
    private static final byte[] OURS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] THEIRS = {1, 2, 3, 4, 5, 6, 7, 9};

    private static NetConfig agreeing(byte[] value) {
        return NetConfig.builder().agreement("message set", value).build();
    }

    @EachTransport
    void endsThatAgreeConnectAndTalk(Transport t) {
        try (Net hostNet = Net.open(agreeing(OURS));
                Net clientNet = Net.open(agreeing(OURS.clone()))) {
            Host host = hostNet.listen(t.listenUri());
            Peer client = clientNet.connect(t.connectUri(host));
            Loop loop = new Loop(hostNet, clientNet);
            assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
            client.send(new byte[] {42});
            assertThat(loop.until(() -> loop.of(hostNet, DATA).size() == 1)).isTrue();
            assertThat(host.stats().refused()).isZero();
        }
    }

    @EachTransport
    void aDifferentValueIsRefusedSayingWhatDiffers(Transport t) {
        assertRefused(
                t,
                agreeing(OURS),
                agreeing(THEIRS),
                "the message set differs between host and client (host 01020304, client 01020304)");
    }

    @EachTransport
    void aClientWithoutTheAgreementIsRefused(Transport t) {
        assertRefused(t, agreeing(OURS), NetConfig.defaults(), "the message set differs", "client none");
    }

    @EachTransport
    void aClientWithAnAgreementTheHostLacksIsRefused(Transport t) {
        assertRefused(t, NetConfig.defaults(), agreeing(THEIRS), "that the host does not have", "NetConfig.agreement");
    }

    private static void assertRefused(Transport t, NetConfig hostConfig, NetConfig clientConfig, String... detail) {
        try (Net hostNet = Net.open(hostConfig);
                Net clientNet = Net.open(clientConfig)) {
            Host host = hostNet.listen(t.listenUri());
            Peer client = clientNet.connect(t.connectUri(host));
            Loop loop = new Loop(hostNet, clientNet);
            assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED))
                    .isTrue();

            List<NetEvent> events = loop.events(clientNet);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(DISCONNECTED);
                assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
                assertThat(e.detail()).contains(detail);
            });
            assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
            assertThat(loop.events(hostNet)).as("the host never saw a peer").isEmpty();
            assertThat(host.stats().refused()).isEqualTo(1);
            assertThat(host.peers()).isEmpty();
        }
    }
}
