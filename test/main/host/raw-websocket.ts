/**
 * A WebSocket client written by hand on a raw TCP socket, for the host's wall tests: it can send
 * frames the `ws` client never builds (a header claiming more bytes than the bound, invalid
 * UTF-8 text) without holding hundreds of megabytes in memory.
 */
import { connect, type Socket } from 'node:net';

export interface RawWebSocket {
  socket: Socket;
  /** Send one frame (client frames are masked; a zero mask leaves the bytes as they are). */
  sendFrame(opcode: number, payload: Uint8Array, claimedLength?: number): void;
  /** Resolves with the server's close code once it sends a close frame, or null if the socket ends without one. */
  closeCode: Promise<number | null>;
}

export async function openRawWebSocket(port: number, token: string): Promise<RawWebSocket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write([
    `GET /ws?token=${token} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', `Origin: http://127.0.0.1:${port}`, '', '',
  ].join('\r\n'));

  let buffered = Buffer.alloc(0);
  let upgraded = false;
  let onUpgrade!: (ok: boolean) => void;
  const upgrade = new Promise<boolean>((r) => { onUpgrade = r; });
  let onClose!: (code: number | null) => void;
  const closeCode = new Promise<number | null>((r) => { onClose = r; });
  socket.on('data', (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    if (!upgraded) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      upgraded = true;
      onUpgrade(buffered.subarray(0, end).toString().startsWith('HTTP/1.1 101'));
      buffered = buffered.subarray(end + 4);
    }
    // Server frames are unmasked; the close frame is small (7-bit length).
    for (let at = 0; at + 2 <= buffered.length;) {
      const opcode = buffered[at] & 0x0f;
      const len = buffered[at + 1] & 0x7f;
      const header = len === 126 ? 4 : len === 127 ? 10 : 2;
      const size = len === 126 ? buffered.readUInt16BE(at + 2) : len === 127 ? Number(buffered.readBigUInt64BE(at + 2)) : len;
      if (at + header + size > buffered.length) break;
      if (opcode === 0x8) onClose(size >= 2 ? buffered.readUInt16BE(at + header) : null);
      at += header + size;
    }
  });
  socket.on('close', () => { onUpgrade(false); onClose(null); });
  socket.on('error', () => undefined); // the server may reset the connection; closeCode says what happened
  if (!(await upgrade)) throw new Error('WebSocket upgrade refused');

  return {
    socket,
    closeCode,
    sendFrame(opcode, payload, claimedLength = payload.length) {
      let header: Buffer;
      if (claimedLength < 126) {
        header = Buffer.from([0x80 | opcode, 0x80 | claimedLength]);
      } else if (claimedLength < 65536) {
        header = Buffer.alloc(4);
        header[0] = 0x80 | opcode;
        header[1] = 0x80 | 126;
        header.writeUInt16BE(claimedLength, 2);
      } else {
        header = Buffer.alloc(10);
        header[0] = 0x80 | opcode;
        header[1] = 0x80 | 127;
        header.writeBigUInt64BE(BigInt(claimedLength), 2);
      }
      socket.write(Buffer.concat([header, Buffer.alloc(4), payload]));
    },
  };
}
