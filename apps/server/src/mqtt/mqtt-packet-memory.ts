import { writeToStream } from 'mqtt-packet';

/**
 * mqtt-packet (under both aedes and the mqtt client) pre-generates a Buffer for every 16-bit number, 65 536 of
 * them and ~7 MB of heap, on its first packet, to save a 2-byte allocation per packet id. At a lab's message
 * rates that saving is nothing, while the 7 MB are a twentieth of the server's memory: its own switch makes it
 * allocate per packet instead. Imported by the broker and the bus, so it is set before their first packet.
 */
writeToStream.cacheNumbers = false;
