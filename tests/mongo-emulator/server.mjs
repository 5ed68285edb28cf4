// Starts CongoDB, a MongoDB wire-protocol emulator, on 127.0.0.1 and the port given as the first argument.
// Prints "ready <port>" once it accepts connections; stops on SIGTERM/SIGINT or when stdin closes (the test
// process that started it ended).
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node server.mjs <port>');
  process.exit(2);
}
const server = new CongoServer({ port, host: '127.0.0.1' });
await server.start();
console.log(`ready ${port}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
