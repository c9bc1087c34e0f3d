"""Drives fanzha's TAXII 2.1 server with the OASIS reference client (taxii2client.v21).

Usage: taxii-client.py URL API_KEY BUNDLE_JSON. Prints one JSON object with what the client saw.
"""
import json
import sys

import requests.auth
from taxii2client.v21 import Server, as_pages


class Bearer(requests.auth.AuthBase):
    def __init__(self, key):
        self.key = key

    def __call__(self, r):
        r.headers["Authorization"] = "Bearer " + self.key
        return r


url, key, bundle_path = sys.argv[1], sys.argv[2], sys.argv[3]
server = Server(url + "/taxii2/", auth=Bearer(key))
root = server.default
collections = {c.title: c for c in root.collections}
members = collections["Members-level verdicts"]
pages = []
ids = []
for envelope in as_pages(members.get_objects, per_request=2):
    objects = envelope.get("objects", [])
    pages.append(len(objects))
    ids.extend(o["id"] for o in objects)
manifest = members.get_manifest()
inbox = collections["Inbox"]
with open(bundle_path) as f:
    bundle = json.load(f)
status = inbox.add_objects(json.dumps({"objects": bundle["objects"]}))
print(json.dumps({
    "title": server.title,
    "api_roots": len(server.api_roots),
    "collections": sorted(collections),
    "can_write_inbox": inbox.can_write,
    "pages": pages,
    "ids": ids,
    "manifest": len(manifest.get("objects", [])),
    "status": status.status,
    "success_count": status.success_count,
}))
