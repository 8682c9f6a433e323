/*! search-files.js: the index's files as a page fetches them, and
 * noticing that the site was deployed again while the page was open.
 *
 * meta.json is the one file with a fixed name. It names the folder of the
 * others, which is named by their contents (see src/search/output.rs): a
 * site deployed again has a new folder, and the old one may be gone. A
 * file that cannot be loaded (or that a host answers with an HTML page)
 * makes the page read meta.json again; when it names another folder, the
 * failure is an `indexReplaced` error, on which the page starts over
 * with a new SearchIndex (see search-ui.js), as it does when `current`
 * finds meta.json changed before a search: a page may hold every file a
 * search needs, and would answer from the old index. meta.json is
 * revalidated with the server every time it is read (`cache:
 * 'no-cache'`); the files in its folder never change.
 */

var FORMAT_VERSION = 2;
// The folder meta.json names: nothing else is fetched from.
var FILES = /^[0-9a-f]{16}\/$/;
var utf8 = new TextDecoder();

/** The files of the index at `base` ('/search/'), fetched with
 * `fetchFn(url, init)`, each once. */
export function IndexFiles(base, fetchFn) {
  this.base = base;
  this.fetchFn = fetchFn;
  this.files = new Map();
  this.metaLoad = null;
  // When meta.json was last read, and the look at it under way.
  this.metaAt = 0;
  this.check = null;
}

/** Fetches `url` as bytes, or JSON when `kind` is 'json'; `onPart`
 * learns whether the host sent the part a Range header asked for (206). */
IndexFiles.prototype.fetchFile = function (url, kind, init, onPart) {
  return Promise.resolve(this.fetchFn(url, init)).then(function (res) {
    if (!res.ok) throw new Error('could not load ' + url);
    // A host that answers every path with a page: the file is not there.
    var type = res.headers && res.headers.get ? res.headers.get('content-type') || '' : '';
    if (/^text\/html/i.test(type)) throw new Error('not an index file: ' + url);
    if (onPart) onPart(res.status === 206);
    return res.arrayBuffer();
  }).then(function (buf) {
    return kind === 'json' ? JSON.parse(utf8.decode(new Uint8Array(buf))) : new Uint8Array(buf);
  });
};

/** `length` bytes of the index's file `path` from `start`: the file as
 * loaded if it is, else only those bytes (a Range request; a host that
 * sends the whole file instead has it kept whole). */
IndexFiles.prototype.loadPart = function (path, start, length) {
  var self = this;
  var slice = function (file) { return file.subarray(start, start + length); };
  // (A host that sent a whole file once is asked for whole files.)
  if (this.files.has(path) || length <= 0 || this.noRanges) return this.load(path).then(slice);
  // Until a host has answered one part, parts of a file wait for it: one
  // that sends whole files would send this one as many times.
  this.asked = this.asked || new Map();
  var first = this.asked.get(path);
  if (first && !this.ranges) {
    return first.then(function () {}, function () {}).then(function () { return self.loadPart(path, start, length); });
  }
  var key = path + '#' + start + '+' + length;
  this.parts = this.parts || new Map();
  if (!this.parts.has(key)) {
    var p = this.meta().then(function (meta) {
      var whole = false;
      var range = { headers: { Range: 'bytes=' + start + '-' + (start + length - 1) } };
      return self.fetchFile(self.base + meta.files + path, 'bin', range, function (part) { whole = !part; }).then(function (bytes) {
        if (!whole) {
          self.ranges = true;
          return bytes;
        }
        self.noRanges = true;
        if (!self.files.has(path)) self.files.set(path, Promise.resolve(bytes));
        return slice(bytes);
      }, function (e) {
        // As for a whole file: a deploy may have replaced the index.
        return self.replaced(meta).then(function (replaced) {
          throw replaced ? replacedError() : e;
        });
      });
    });
    p.catch(function () {
      self.parts.delete(key);
      if (self.asked.get(path) === p) self.asked.delete(path);
    });
    this.parts.set(key, p);
    if (!first) this.asked.set(path, p);
  }
  return this.parts.get(key);
};

/** The index's file `path` ('t/3.bin'), from the folder meta.json names. */
IndexFiles.prototype.load = function (path, kind) {
  var self = this;
  if (!this.files.has(path)) {
    var p = this.meta().then(function (meta) {
      return self.fetchFile(self.base + meta.files + path, kind).catch(function (e) {
        return self.replaced(meta).then(function (replaced) {
          throw replaced ? replacedError() : e;
        });
      });
    });
    p.catch(function () { self.files.delete(path); });
    this.files.set(path, p);
  }
  return this.files.get(path);
};

/** meta.json, read once and checked: a version this client does not read
 * is an `outdated` error ('newer' or 'older' than the client). */
IndexFiles.prototype.meta = function () {
  var self = this;
  if (!this.metaLoad) {
    this.metaLoad = this.fetchFile(this.base + 'meta.json', 'json', { cache: 'no-cache' }).then(function (meta) {
      if (meta.version !== FORMAT_VERSION) {
        var outdated = new Error('unsupported search index version');
        // The index's format is newer than this client, or older.
        outdated.outdated = meta.version > FORMAT_VERSION ? 'newer' : 'older';
        throw outdated;
      }
      if (!FILES.test(meta.files)) throw new Error('meta.json names no index folder');
      self.metaAt = Date.now();
      return meta;
    });
    this.metaLoad.catch(function () { self.metaLoad = null; });
  }
  return this.metaLoad;
};

/** Whether the site's meta.json now names another index than `meta`
 * does. Files failing together share one look at it. */
IndexFiles.prototype.replaced = function (meta) {
  var self = this;
  if (!this.check) {
    this.check = this.fetchFile(this.base + 'meta.json', 'json', { cache: 'no-cache' }).then(function (now) {
      self.metaAt = Date.now();
      return now.version !== meta.version || now.files !== meta.files;
    }, function () { return false; });
    // Once answered, a later failure looks again (unless replaced: then
    // this index is done with).
    this.check.then(function (replaced) { if (!replaced) self.check = null; });
  }
  return this.check;
};

/** Resolves when this is still the site's index, as far as a look at
 * meta.json (if it was read over `ms` ago) tells, else fails with an
 * `indexReplaced` error. */
IndexFiles.prototype.current = function (ms) {
  var self = this;
  if (!this.metaLoad || Date.now() - this.metaAt < ms) return Promise.resolve();
  return this.metaLoad.then(function (meta) {
    return self.replaced(meta).then(function (replaced) { if (replaced) throw replacedError(); });
  }, function () {});
};

/** The error that tells the page to start over with a new SearchIndex. */
function replacedError() {
  var err = new Error('the search index was replaced');
  err.indexReplaced = true;
  return err;
}
