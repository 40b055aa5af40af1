"""A stdlib-only OpenEnv WebSocket client for `lyceum serve`: paste it into a trainer.

    python3 openenv_client.py ws://127.0.0.1:8000/ws
runs one episode: reset, then step with the reply your model would give (here a fixed one), until done.
"""
import base64
import json
import os
import socket
import struct
import sys
import urllib.parse


class OpenEnvSession:
    """One /ws session: one episode at a time, kept by the server for this connection."""

    def __init__(self, url, token=None, timeout=60.0):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=10.0)  # OpenEnv: connect 10 s
        self.sock.settimeout(timeout)  # OpenEnv: 60 s per message
        key = base64.b64encode(os.urandom(16)).decode()
        headers = [f"GET {u.path or '/'} HTTP/1.1", f"Host: {u.hostname}:{u.port}", "Upgrade: websocket",
                   "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if token:
            headers.append(f"Authorization: Bearer {token}")
        self.sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("server closed during the WebSocket handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError(head.decode(errors="replace"))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, message):
        """Sends one message and returns the server's reply as a dict."""
        self._send_frame(0x1, json.dumps(message).encode())
        return self.receive()

    def receive(self):
        data = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("server closed the session: " + payload[2:].decode(errors="replace"))
            if opcode == 0x9:  # ping: answer and keep reading
                self._send_frame(0xA, payload)
                continue
            data += payload
            if b0 & 0x80:
                return json.loads(data)

    def reset(self, **data):
        return self.send({"type": "reset", "data": data})

    def step(self, content):
        return self.send({"type": "step", "data": {"content": content}})

    def state(self):
        return self.send({"type": "state"})

    def close(self):
        try:
            self._send_frame(0x1, json.dumps({"type": "close"}).encode())
        finally:
            self.sock.close()


def run_episode(url, policy, token=None, seed=0):
    """Plays one episode with `policy(messages) -> reply`; returns the final reward and observation."""
    session = OpenEnvSession(url, token)
    try:
        reply = session.reset(seed=seed)
        while reply["type"] == "observation" and not reply["data"]["done"]:
            reply = session.step(policy(reply["data"]["observation"]["messages"]))
        if reply["type"] == "error":
            raise RuntimeError(f"{reply['data']['code']}: {reply['data']['message']}")
        observation = reply["data"]["observation"]
        if observation.get("failure"):  # the reward could not score: a typed failure, not a zero
            print("reward failed:", observation["failure"]["type"], observation["failure"]["detail"], file=sys.stderr)
        return reply["data"]["reward"], observation
    finally:
        session.close()


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8000/ws"
    reward, observation = run_episode(url, lambda messages: "The answer is \\boxed{7}.\n#### 7",
                                      token=os.environ.get("LYCEUM_SERVE_TOKEN"))
    print(json.dumps({"reward": reward, "task_id": observation["task_id"], "failure": observation.get("failure")}))
