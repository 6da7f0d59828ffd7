"""A minimal HTTP/1.1 keep-alive server that answers every request with one of two canned JSON
bodies: a single Express customer, or a page of 100. It runs in its own process so that the
client being measured has a core to itself. Usage: python canned_server.py PORT"""

from __future__ import annotations

import asyncio
import json
import sys


def customer(i: int) -> dict[str, object]:
    return {
        "createdAt": "2025-01-15T10:30:00Z",
        "expressCustomerId": f"cus_{i:032x}",
        "expressCustomerName": f"Customer {i}",
        "isActive": True,
        "updatedAt": "2025-01-16T08:00:00Z",
        "userCount": i % 7,
        "createdByApiKeyId": "6f1c2a9e-8d4b-4c1e-9a77-2f5b8e3d1c40",
        "metadata": {"region": "us-east", "tier": "gold"},
    }


BODIES = {
    "one": json.dumps(customer(1)).encode(),
    "page": json.dumps({"expressCustomers": [customer(i) for i in range(100)], "hasMore": False}).encode(),
}


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            target = head.split(b" ", 2)[1]
            body = BODIES["page"] if target.startswith(b"/v1/express?") or target == b"/v1/express" else BODIES["one"]
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionResetError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
