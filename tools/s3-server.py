#!/usr/bin/python3
"""The Python half of tools/s3-server.sh: run that, not this.

  s3-server.py configure DIR        writes DIR/etc (swift.conf, the three
                                    rings, one .conf per server) on free
                                    loopback ports; keeps the hash salt and
                                    the credentials of an earlier start
  s3-server.py serve DIR NAME       runs one server (object, container,
                                    account, proxy) in the foreground, its
                                    log in DIR/log/NAME.log
  s3-server.py request METHOD URL [FILE]
                                    one Signature V4 request with the
                                    standard library only, credentials from
                                    AWS_* in the environment; the body from
                                    FILE, the response body to stdout, the
                                    status to stderr; exits 0 on 2xx

It runs with Debian's /usr/bin/python3 (python3-swift), never a python3 that
PATH happens to find first. The in-process cache that tempauth and the proxy
need (no memcached) is the filter `cache_filter` below: the proxy is one
process (workers = 0), so a dict is all of memcached it needs. The filter
`deny_unsigned_filter` answers 403 to an S3 request with no signature.
"""
import configparser
import datetime
import hashlib
import hmac
import json
import logging
import os
import secrets
import socket
import sys
import time
import urllib.parse

SERVERS = ('object', 'container', 'account', 'proxy')
ACCOUNT, USER = 'sohoa', 'tester'
REGION = 'us-east-1'


def paths(d):
    return {'etc': os.path.join(d, 'etc'), 'srv': os.path.join(d, 'srv'),
            'log': os.path.join(d, 'log'), 'run': os.path.join(d, 'run')}


def free_ports(n, wanted=()):
    """n distinct ports free on 127.0.0.1 now (held open together): the
    wanted ones if every one of them is free, else any."""
    for ask in (list(wanted), [0] * n):
        if len(ask) != n:
            continue
        socks = []
        try:
            for port in ask:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                # As Swift binds: a port whose connections linger in
                # TIME_WAIT is free.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('127.0.0.1', port))
            return [s.getsockname()[1] for s in socks]
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError('no free ports on 127.0.0.1')


def configure(d):
    import pwd
    from swift.common.ring import RingBuilder

    p = paths(d)
    for k in ('etc', 'log', 'run'):
        os.makedirs(p[k], exist_ok=True)
    os.makedirs(os.path.join(p['srv'], 'd0'), exist_ok=True)

    # Salt and credentials stay the same over a stop and a start: the
    # objects on disk are placed by the salt.
    swift_conf = os.path.join(p['etc'], 'swift.conf')
    if not os.path.exists(swift_conf):
        with open(swift_conf, 'w') as f:
            f.write('[swift-hash]\nswift_hash_path_suffix = %s\n'
                    'swift_hash_path_prefix = %s\n\n'
                    '[storage-policy:0]\nname = Policy-0\ndefault = yes\n'
                    % (secrets.token_hex(8), secrets.token_hex(8)))
    cred_file = os.path.join(p['etc'], 'credentials.json')
    if os.path.exists(cred_file):
        with open(cred_file) as f:
            cred = json.load(f)
    else:
        cred = {'key': '%s:%s' % (ACCOUNT, USER),
                'secret': secrets.token_hex(20), 'region': REGION}
        fd = os.open(cred_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            json.dump(cred, f)

    # The ports of the last start if they are all free still, else new
    # ones; the rings are rebuilt with them. One device holds every
    # partition, so the data stays where it is.
    last = {}
    try:
        with open(os.path.join(p['etc'], 'ports')) as f:
            last = dict((n, int(v)) for n, v in (l.split() for l in f))
    except (OSError, ValueError):
        pass
    ports = dict(zip(SERVERS, free_ports(
        len(SERVERS), [last[n] for n in SERVERS if n in last])))
    for ring in ('account', 'container', 'object'):
        b = RingBuilder(6, 1, 0)  # 64 partitions, one replica, no wait
        b.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1',
                   'port': ports[ring],
                   'device': 'd0', 'weight': 100.0})
        b.rebalance()
        b.get_ring().save(os.path.join(p['etc'], ring + '.ring.gz'))

    user = pwd.getpwuid(os.getuid()).pw_name
    common = {
        'bind_ip': '127.0.0.1', 'workers': '0', 'user': user,
        'swift_dir': p['etc'], 'devices': p['srv'], 'mount_check': 'false',
        'disable_fallocate': 'true', 'fallocate_reserve': '0',
        'log_level': 'INFO',
    }
    for name in SERVERS:
        c = configparser.RawConfigParser()
        c.optionxform = str
        c['DEFAULT'] = dict(common, bind_port=str(ports[name]),
                            log_name=name + '-server')
        if name == 'proxy':
            c['pipeline:main'] = {'pipeline': (
                'catch_errors gatekeeper healthcheck proxy-logging cache '
                'listing_formats deny_unsigned s3api tempauth copy slo dlo '
                'versioned_writes '
                'symlink proxy-logging proxy-server')}
            c['app:proxy-server'] = {'use': 'egg:swift#proxy',
                                     'account_autocreate': 'true'}
            for f in ('catch_errors', 'gatekeeper', 'healthcheck', 'copy',
                      'slo', 'dlo', 'versioned_writes', 'symlink',
                      'listing_formats'):
                c['filter:' + f] = {'use': 'egg:swift#' + f}
            c['filter:proxy-logging'] = {'use': 'egg:swift#proxy_logging'}
            c['filter:cache'] = {
                'paste.filter_factory': 'sohoa_s3_cache:cache_filter'}
            c['filter:deny_unsigned'] = {
                'paste.filter_factory': 'sohoa_s3_cache:deny_unsigned_filter'}
            c['filter:s3api'] = {'use': 'egg:swift#s3api',
                                 'location': cred['region']}
            c['filter:tempauth'] = {
                'use': 'egg:swift#tempauth',
                'user_%s_%s' % (ACCOUNT, USER): cred['secret'] + ' .admin'}
        else:
            c['pipeline:main'] = {
                'pipeline': 'healthcheck %s-server' % name}
            c['filter:healthcheck'] = {'use': 'egg:swift#healthcheck'}
            c['app:%s-server' % name] = {'use': 'egg:swift#' + name}
        with open(os.path.join(p['etc'], name + '-server.conf'), 'w') as f:
            c.write(f)
    # What `s3-server.sh start/url` prints, and a netrc for curl: curl's
    # --user cuts KEY:SECRET at the first colon, and the key has one.
    with open(os.path.join(p['etc'], 's3.env'), 'w') as f:
        f.write('AWS_ENDPOINT_URL=http://127.0.0.1:%d\nAWS_REGION=%s\n'
                'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n'
                % (ports['proxy'], cred['region'], cred['key'],
                   cred['secret']))
    fd = os.open(os.path.join(p['etc'], 'netrc'),
                 os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write('machine 127.0.0.1 login %s password %s\n'
                % (cred['key'], cred['secret']))
    with open(os.path.join(p['etc'], 'ports'), 'w') as f:
        f.write(''.join('%s %d\n' % (n, ports[n]) for n in SERVERS))


class DictCache(object):
    """What swift.common.memcached.MemcacheRing offers, in one dict."""

    def __init__(self):
        self.items = {}

    @staticmethod
    def _expiry(t):
        t = float(t or 0)
        if t <= 0:
            return None
        return t if t > 30 * 24 * 3600 else time.time() + t

    def _live(self, key):
        item = self.items.get(key)
        if item is not None and item[0] is not None and item[0] < time.time():
            del self.items[key]
            item = None
        return item

    def set(self, key, value, serialize=True, time=0, min_compress_len=0,
            raise_on_error=False):
        if serialize:
            if isinstance(value, bytes):
                value = value.decode('utf8')
            value = json.dumps(value)
        elif not isinstance(value, bytes):
            value = str(value).encode('utf-8')
        self.items[key] = (self._expiry(time), serialize, value)

    def get(self, key, raise_on_error=False):
        item = self._live(key)
        if item is None:
            return None
        return json.loads(item[2]) if item[1] else item[2]

    def incr(self, key, delta=1, time=0):
        item = self._live(key)
        n = 0 if item is None else int(item[2])
        n = max(0, n + int(delta))
        expiry = self._expiry(time) if item is None else item[0]
        self.items[key] = (expiry, False, str(n).encode('ascii'))
        return n

    def decr(self, key, delta=1, time=0):
        return self.incr(key, -delta, time)

    def delete(self, key, server_key=None):
        self.items.pop(key, None)

    def set_multi(self, mapping, server_key, serialize=True, time=0,
                  min_compress_len=0):
        for k, v in mapping.items():
            self.set(k, v, serialize=serialize, time=time)

    def get_multi(self, keys, server_key):
        return [self.get(k) for k in keys]


def cache_filter(global_conf, **local_conf):
    cache = DictCache()

    def make(app):
        def middleware(env, start_response):
            env['swift.cache'] = cache
            return app(env, start_response)
        return middleware
    return make


# Swift's own API (/v1/..., /auth/..., /info) beside S3's paths.
SWIFT_PATHS = ('/v1/', '/auth/', '/info', '/healthcheck')
S3_QUERY_AUTH = ('X-Amz-Signature', 'Signature', 'X-Amz-Credential',
                 'AWSAccessKeyId')


def deny_unsigned_filter(global_conf, **local_conf):
    """An S3 request with no signature at all gets 403 AccessDenied, as AWS
    answers for a private bucket. s3api would hand it to Swift's own API,
    which answers 400 (not a /v1/ path); this filter sits before s3api and
    judges no signature: s3api checks every signed one."""
    body = (b"<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>"
            b"AccessDenied</Code><Message>Access Denied.</Message></Error>")

    def make(app):
        def middleware(env, start_response):
            path = env.get('PATH_INFO', '')
            query = urllib.parse.parse_qs(env.get('QUERY_STRING', ''),
                                          keep_blank_values=True)
            if ('HTTP_AUTHORIZATION' not in env
                    and not any(k in query for k in S3_QUERY_AUTH)
                    and env.get('REQUEST_METHOD') != 'OPTIONS'
                    and not path.startswith(SWIFT_PATHS)):
                start_response('403 Forbidden', [
                    ('Content-Type', 'application/xml'),
                    ('Content-Length', str(len(body)))])
                return [body]
            return app(env, start_response)
        return middleware
    return make


def serve(d, name):
    p = paths(d)
    log_path = os.path.join(p['log'], name + '.log')

    from swift.common import utils

    # Swift logs to syslog (/dev/log, else UDP to localhost:514): every
    # logger it makes writes to DIR/log/NAME.log instead.
    class FileLog(logging.FileHandler):
        def __init__(self, *args, **kwargs):
            logging.FileHandler.__init__(self, log_path)
    utils.ThreadSafeSysLogHandler = FileLog

    # swift.conf (hash salt, storage policies, constraints) is read from
    # /etc/swift unless told otherwise, and the modules that read it read it
    # when imported: point them at DIR/etc and read again.
    utils.set_swift_dir(p['etc'])
    from swift.common import constraints, storage_policy
    constraints.reload_constraints()
    storage_policy.reload_storage_policies()

    # paste.deploy finds the cache filter by module name.
    sys.modules['sohoa_s3_cache'] = sys.modules[__name__]

    from swift.common.wsgi import run_wsgi
    conf = os.path.join(p['etc'], name + '-server.conf')
    sys.exit(run_wsgi(conf, name + '-server'))


def request(method, url, body_file=None):
    """AWS Signature V4, header style, with the standard library."""
    import http.client
    key = os.environ['AWS_ACCESS_KEY_ID']
    secret = os.environ['AWS_SECRET_ACCESS_KEY']
    region = os.environ.get('AWS_REGION', REGION)
    body = b''
    if body_file:
        with open(body_file, 'rb') as f:
            body = f.read()
    u = urllib.parse.urlsplit(url)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime('%Y%m%dT%H%M%SZ')
    day = now.strftime('%Y%m%d')
    payload = hashlib.sha256(body).hexdigest()
    headers = {'host': u.netloc, 'x-amz-date': amz_date,
               'x-amz-content-sha256': payload}
    query = sorted(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
    canonical_query = '&'.join(
        '%s=%s' % (urllib.parse.quote(k, safe='-_.~'),
                   urllib.parse.quote(v, safe='-_.~')) for k, v in query)
    signed = ';'.join(sorted(headers))
    canonical = '\n'.join([
        method, urllib.parse.quote(u.path or '/', safe='/-_.~'),
        canonical_query,
        ''.join('%s:%s\n' % (k, headers[k]) for k in sorted(headers)),
        signed, payload])
    scope = '%s/%s/s3/aws4_request' % (day, region)
    to_sign = '\n'.join(['AWS4-HMAC-SHA256', amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])

    def h(k, m):
        return hmac.new(k, m.encode(), hashlib.sha256).digest()
    k = h(('AWS4' + secret).encode(), day)
    for part in (region, 's3', 'aws4_request'):
        k = h(k, part)
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers['authorization'] = (
        'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s'
        % (key, scope, signed, signature))
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    target = (u.path or '/') + ('?' + u.query if u.query else '')
    conn.request(method, target, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    sys.stdout.buffer.write(data)
    sys.stderr.write('%d\n' % r.status)
    return 0 if 200 <= r.status < 300 else 1


def main(argv):
    if len(argv) == 3 and argv[1] == 'configure':
        configure(os.path.abspath(argv[2]))
        return 0
    if len(argv) == 4 and argv[1] == 'serve' and argv[3] in SERVERS:
        serve(os.path.abspath(argv[2]), argv[3])
        return 0
    if len(argv) in (4, 5) and argv[1] == 'request':
        return request(argv[2], argv[3], argv[4] if len(argv) == 5 else None)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
