#!/usr/bin/env python3
"""A fake Hugging Face Hub on loopback, for Quarry's tests (standard library only).

Two servers: the Hub (JSON API + resolve redirects) and a "CDN" on another port that serves the file
contents, as the real Hub redirects LFS files to a pre-signed CDN URL. It implements exactly what
QuarryHub relies on:

  GET  /api/datasets/{owner}/{name}/revision/{rev}           -> {"id", "sha", "private", "gated"}
  GET  /api/datasets/{owner}/{name}/tree/{rev}[/{path}]      -> [{type, path, oid, size, lfs?}], paginated by Link rel="next"
  GET  /datasets/{owner}/{name}/resolve/{rev}/{path}         -> 302 to the CDN (LFS) with X-Linked-Etag/X-Linked-Size/X-Repo-Commit,
                                                               or 200 with the content (non-LFS), ETag = git blob sha1
  GET  (cdn) /blobs/{sha256}?X-Amz-Signature=...             -> the content; Range requests answer 206
Errors carry X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo) and {"error": ...}.

Datasets live under ROOT/{owner}/{name}/: dataset.json (options) and files/ (the tree of the
refs/convert/parquet branch). Options: gated / private (need "Authorization: Bearer <token>"),
token (the one accepted), rate_limit_once (first revision request answers 429 with Retry-After: 1),
drop_after (the CDN cuts the first download of each file after this many bytes; with drop_always,
every download), lfs (default true),
renamed_to (every request answers a relative 307 to the new name, as renamed repos do), bad_etag
(the resolve redirect announces a wrong X-Linked-Etag).

Every request is appended to the log file as one JSON line: server, method, path, auth (whether an
Authorization header came), range.

  fake_hub.py serve --root ROOT --log FILE [--page-size N]   prints {"hub": PORT, "cdn": PORT} when ready
  fake_hub.py make --root ROOT < spec.json                    writes datasets with pyarrow (see make())
"""
import hashlib
import http.server
import json
import os
import socket
import sys
import threading
import urllib.parse

LOCK = threading.Lock()


def load_datasets(root):
    """{repo: {"options", "files": {path: {size, sha256, oid, data_path}}, "parquet_sha", "main_sha"}}"""
    datasets = {}
    for owner in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, owner)):
            continue
        for name in sorted(os.listdir(os.path.join(root, owner))):
            base = os.path.join(root, owner, name)
            opts_path = os.path.join(base, "dataset.json")
            if not os.path.exists(opts_path):
                continue
            with open(opts_path) as f:
                options = json.load(f)
            files = {}
            tree_root = os.path.join(base, "files")
            for dirpath, _, names in os.walk(tree_root):
                for n in names:
                    full = os.path.join(dirpath, n)
                    rel = os.path.relpath(full, tree_root).replace(os.sep, "/")
                    with open(full, "rb") as f:
                        data = f.read()
                    files[rel] = {
                        "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "oid": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest(),
                        "data_path": full,
                    }
            listing = json.dumps(sorted((p, v["sha256"]) for p, v in files.items())).encode()
            repo = owner + "/" + name
            datasets[repo] = {
                "options": options,
                "files": files,
                "parquet_sha": hashlib.sha1(b"parquet " + repo.encode() + listing).hexdigest(),
                "main_sha": hashlib.sha1(b"main " + repo.encode()).hexdigest(),
            }
    return datasets


class State:
    def __init__(self, root, log_path, page_size):
        self.datasets = load_datasets(root)
        self.blobs = {f["sha256"]: f for d in self.datasets.values() for f in d["files"].values()}
        self.log_path = log_path
        self.page_size = page_size
        self.rate_limited = set()
        self.dropped = set()
        self.hub_port = 0
        self.cdn_port = 0

    def log(self, entry):
        with LOCK:
            with open(self.log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_kind = "hub"
    state = None

    def log_message(self, *args):
        pass

    # -- helpers

    def send(self, status, body=b"", headers=None, content_type="application/json"):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status, code, message):
        headers = {"X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        self.send(status, json.dumps({"error": message}).encode(), headers)

    def token(self):
        auth = self.headers.get("Authorization", "")
        return auth[len("Bearer "):] if auth.startswith("Bearer ") else None

    def record(self):
        self.state.log({
            "server": self.server_kind,
            "method": self.command,
            "path": self.path,
            "auth": self.headers.get("Authorization") is not None,
            "range": self.headers.get("Range"),
        })

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.record()
        try:
            if self.server_kind == "cdn":
                self.cdn()
            else:
                self.hub()
        except (BrokenPipeError, ConnectionResetError):
            pass

    # -- the Hub

    def hub(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        if parts[:2] == ["api", "datasets"] and len(parts) >= 6 and parts[4] in ("revision", "tree"):
            repo, kind, rev, rest = parts[2] + "/" + parts[3], parts[4], parts[5], "/".join(parts[6:])
        elif parts[:1] == ["datasets"] and len(parts) >= 6 and parts[3] == "resolve":
            repo, kind, rev, rest = parts[1] + "/" + parts[2], "resolve", parts[4], "/".join(parts[5:])
        else:
            return self.error(404, None, "Not Found")
        ds = self.state.datasets.get(repo)
        if ds is None:
            # Like the Hub: anonymous callers cannot tell a missing repo from a private one.
            return self.error(401 if self.token() is None else 404, "RepoNotFound", "Repository not found")
        opts = ds["options"]
        if opts.get("renamed_to"):
            new = opts["renamed_to"]
            target = self.path.replace("/" + repo + "/", "/" + new + "/", 1)
            return self.send(307, b"", {"Location": target})
        allowed = self.token() is not None and self.token() == opts.get("token")
        if opts.get("private") and not allowed:
            return self.error(401, "RepoNotFound", "Repository not found")
        if kind == "revision":
            if opts.get("rate_limit_once") and repo not in self.state.rate_limited:
                self.state.rate_limited.add(repo)
                return self.send(429, json.dumps({"error": "rate limited"}).encode(),
                                 {"Retry-After": "1", "RateLimit": '"api";r=0;t=1'})
            return self.revision(repo, ds, rev)
        sha = self.resolve_rev(ds, rev)
        if sha is None:
            return self.error(404, "RevisionNotFound", "Invalid rev id: " + rev)
        if kind == "tree":
            return self.tree(repo, ds, rev, rest, url.query)
        if opts.get("gated") and not allowed:
            if self.token() is None:
                return self.error(401, "GatedRepo", "Access to dataset %s is restricted. You must have access to it and be authenticated to access it. Please log in." % repo)
            return self.error(403, "GatedRepo", "Access to dataset %s is restricted and you are not in the authorized list. Visit https://huggingface.co/datasets/%s to ask for access." % (repo, repo))
        return self.resolve(ds, sha, rest)

    def resolve_rev(self, ds, rev):
        if rev in ("refs/convert/parquet", ds["parquet_sha"]):
            return ds["parquet_sha"]
        return None

    def revision(self, repo, ds, rev):
        if rev == "main" or rev == ds["main_sha"]:
            sha = ds["main_sha"]
        else:
            sha = self.resolve_rev(ds, rev)
        if sha is None:
            return self.error(404, "RevisionNotFound", "Invalid rev id: " + rev)
        opts = ds["options"]
        body = {"id": repo, "sha": sha, "private": bool(opts.get("private")),
                "gated": "manual" if opts.get("gated") else False, "siblings": []}
        self.send(200, json.dumps(body).encode())

    def tree(self, repo, ds, rev, path, query):
        files = ds["files"]
        prefix = path + "/" if path else ""
        children = {}
        for p, f in files.items():
            if not p.startswith(prefix):
                continue
            rest = p[len(prefix):]
            if "/" in rest:
                d = prefix + rest.split("/")[0]
                children[d] = {"type": "directory", "oid": hashlib.sha1(d.encode()).hexdigest(), "path": d}
            else:
                entry = {"type": "file", "oid": f["oid"], "size": f["size"], "path": p}
                if ds["options"].get("lfs", True):
                    entry["lfs"] = {"oid": f["sha256"], "size": f["size"], "pointerSize": 134}
                children[p] = entry
        if path and not children:
            return self.error(404, "EntryNotFound", "%s does not exist on \"%s\"" % (path, rev))
        entries = [children[k] for k in sorted(children)]
        cursor = int(urllib.parse.parse_qs(query).get("cursor", ["0"])[0])
        size = self.state.page_size
        page = entries[cursor:cursor + size]
        headers = {}
        if cursor + size < len(entries):
            q = "cursor=%d" % (cursor + size)
            headers["Link"] = '<http://127.0.0.1:%d%s?%s>; rel="next"' % (self.state.hub_port, urllib.parse.urlsplit(self.path).path, q)
        self.send(200, json.dumps(page).encode(), headers)

    def resolve(self, ds, sha, path):
        f = ds["files"].get(path)
        if f is None:
            return self.error(404, "EntryNotFound", "Entry not found")
        if ds["options"].get("lfs", True):
            location = "http://127.0.0.1:%d/blobs/%s?X-Amz-Signature=fake&X-Amz-Expires=3600" % (self.state.cdn_port, f["sha256"])
            etag = hashlib.sha256(b"not the file").hexdigest() if ds["options"].get("bad_etag") else f["sha256"]
            return self.send(302, b"", {"Location": location, "X-Linked-Etag": '"%s"' % etag,
                                        "X-Linked-Size": str(f["size"]), "X-Repo-Commit": sha,
                                        "ETag": '"%s"' % f["oid"]})
        with open(f["data_path"], "rb") as fh:
            data = fh.read()
        self.send(200, data, {"ETag": '"%s"' % f["oid"], "X-Repo-Commit": sha}, "application/octet-stream")

    # -- the CDN

    def cdn(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        if len(parts) != 3 or parts[1] != "blobs" or parts[2] not in self.state.blobs:
            return self.send(404, b"<Error>NoSuchKey</Error>", content_type="application/xml")
        if "X-Amz-Signature" not in url.query:
            return self.send(403, b"<Error>AccessDenied</Error>", content_type="application/xml")
        f = self.state.blobs[parts[2]]
        with open(f["data_path"], "rb") as fh:
            data = fh.read()
        total = len(data)
        start, status, headers = 0, 200, {"Accept-Ranges": "bytes", "ETag": '"cdn-%s"' % f["sha256"][:16]}
        rng = self.headers.get("Range")
        if rng:
            spec = rng[len("bytes="):]
            first, _, last = spec.partition("-")
            start = int(first) if first else total - int(last)
            end = int(last) if first and last else total - 1
            if start >= total:
                return self.send(416, b"", {"Content-Range": "bytes */%d" % total}, "application/octet-stream")
            data = data[start:end + 1]
            status = 206
            headers["Content-Range"] = "bytes %d-%d/%d" % (start, start + len(data) - 1, total)
        drop, always = None, False
        for ds in self.state.datasets.values():
            if f["sha256"] in {x["sha256"] for x in ds["files"].values()}:
                drop = ds["options"].get("drop_after")
                always = bool(ds["options"].get("drop_always"))
        if drop is not None and (always or f["sha256"] not in self.state.dropped) and len(data) > drop:
            # Announce the whole body, send part of it, and cut the connection.
            self.state.dropped.add(f["sha256"])
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:drop])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send(status, data, headers, "application/octet-stream")


def serve(root, log_path, page_size):
    state = State(root, log_path, page_size)
    open(log_path, "a").close()
    hub_handler = type("HubHandler", (Handler,), {"server_kind": "hub", "state": state})
    cdn_handler = type("CDNHandler", (Handler,), {"server_kind": "cdn", "state": state})
    http.server.ThreadingHTTPServer.daemon_threads = True
    hub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), hub_handler)
    cdn = http.server.ThreadingHTTPServer(("127.0.0.1", 0), cdn_handler)
    state.hub_port = hub.server_address[1]
    state.cdn_port = cdn.server_address[1]
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    print(json.dumps({"hub": state.hub_port, "cdn": state.cdn_port}), flush=True)
    # Stop when the parent closes our standard input.
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    sys.stdin.read()


def make(root, spec):
    """spec: {"datasets": [{"repo": "o/n", "options": {...}, "splits": {"default/train": [rows per file, ...]}}]}

    Rows are id (int64) plus the SimpleCoT columns source, target, rationale, task, type (strings):
    source = "<repo> <config>/<split> row <i>" with i counting across the split's files.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    for d in spec["datasets"]:
        base = os.path.join(root, *d["repo"].split("/"))
        os.makedirs(os.path.join(base, "files"), exist_ok=True)
        with open(os.path.join(base, "dataset.json"), "w") as f:
            json.dump(d.get("options", {}), f)
        for folder, counts in d.get("splits", {}).items():
            out = os.path.join(base, "files", *folder.split("/"))
            os.makedirs(out, exist_ok=True)
            i = 0
            for n, count in enumerate(counts):
                ids = list(range(i, i + count))
                table = pa.table({
                    "id": pa.array(ids, pa.int64()),
                    "source": ["%s %s row %d" % (d["repo"], folder, k) for k in ids],
                    "target": ["answer %d" % k for k in ids],
                    "rationale": ["because %d" % k if k % 7 else None for k in ids],
                    "task": ["task-%d" % (k % 3) for k in ids],
                    "type": ["cot"] * count,
                })
                pq.write_table(table, os.path.join(out, "%04d.parquet" % n), row_group_size=max(1, count // 2 or 1))
                i += count


if __name__ == "__main__":
    args = sys.argv[1:]
    opts = dict(zip(args[1::2], args[2::2]))
    if args[:1] == ["serve"]:
        serve(opts["--root"], opts["--log"], int(opts.get("--page-size", "1000")))
    elif args[:1] == ["make"]:
        make(opts["--root"], json.load(sys.stdin))
    else:
        sys.exit(__doc__)
