/** netloop: game networking driven from the game's own loop. */
module io.netloop {
    exports io.netloop;
}
