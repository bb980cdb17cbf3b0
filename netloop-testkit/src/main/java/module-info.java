/** netloop-testkit: a loopback proxy that injects link faults into a game's own tests. */
module io.netloop.testkit {
    exports io.netloop.testkit;
}
