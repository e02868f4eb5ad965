package dev.dicomcmk.sandbox.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 server over TLS on loopback. TLS is layered on a plain accepted socket (rather
 * than an SSLServerSocket) so a fault can reset the TCP connection itself: closing an SSLSocket
 * would first send a polite close_notify, which is not what a network reset looks like.
 * Keep-alive, Content-Length and chunked request bodies, one worker thread per open connection
 * from a bounded pool; close() closes every open connection.
 *
 * <p>When the pool is full, the connection that has waited longest for its next request is closed
 * to make room, as a front end does: clients that never close their pools (many in-process runs)
 * must not starve a new client into a failed TLS handshake. Only when every connection is busy is
 * the new one refused.
 */
public final class HttpsListener implements AutoCloseable {

    static final int MAX_CONNECTIONS = 256;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    /** Idle keep-alive connections are closed after this; the JDK client drops them from its pool. */
    private static final int IDLE_TIMEOUT_MS = 60_000;

    private final ServerSocket server;
    private final SSLSocketFactory tls;
    private final Handler handler;
    private final Supplier<String> dateHeader;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Kept-alive connections waiting for their next request, with the time they started waiting. */
    private final Map<Socket, Long> idleSince = new ConcurrentHashMap<>();
    private final int maxConnections;
    private volatile boolean closed;

    public HttpsListener(int port, SSLContext ssl, Handler handler, Supplier<String> dateHeader) throws IOException {
        this(port, ssl, handler, dateHeader, MAX_CONNECTIONS);
    }

    HttpsListener(int port, SSLContext ssl, Handler handler, Supplier<String> dateHeader, int maxConnections)
            throws IOException {
        this.maxConnections = maxConnections;
        this.server = new ServerSocket();
        try {
            this.server.setReuseAddress(true);
            this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.tls = ssl.getSocketFactory();
        this.handler = handler;
        this.dateHeader = dateHeader;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sandbox-conn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "sandbox-accept-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections being handled (not waiting for their next request). */
    int busyConnections() {
        return open.size() - idleSince.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket raw;
            try {
                raw = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(raw);
            if (!dispatch(raw) && (!closeLongestIdle() || !dispatch(raw))) {
                // every connection is busy: refuse this one rather than queue it behind them
                closeQuietly(raw);
                open.remove(raw);
            }
        }
    }

    private boolean dispatch(Socket raw) {
        try {
            workers.execute(() -> serve(raw));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Closes the connection idle the longest; its worker ends and frees a slot (waited for, briefly). */
    private boolean closeLongestIdle() {
        Socket oldest = idleSince.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (oldest == null) {
            return false;
        }
        idleSince.remove(oldest);
        closeQuietly(oldest);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (workers.getActiveCount() >= maxConnections && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    private void serve(Socket raw) {
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(IDLE_TIMEOUT_MS);
            SSLSocket ssl = (SSLSocket) tls.createSocket(raw, null, true);
            ssl.setUseClientMode(false);
            SSLParameters params = ssl.getSSLParameters();
            params.setApplicationProtocols(new String[] {"http/1.1"});
            ssl.setSSLParameters(params);
            InputStream in = new BufferedInputStream(ssl.getInputStream());
            OutputStream out = new BufferedOutputStream(ssl.getOutputStream());
            String remote = raw.getInetAddress().getHostAddress();
            while (!closed) {
                Request request;
                try {
                    request = read(in, remote);
                } catch (BadRequest e) {
                    write(out, Response.text(400, "text/plain; charset=utf-8", e.getMessage() + "\n")
                            .header("Connection", "close"), false);
                    return;
                }
                idleSince.remove(raw);
                if (request == null) {
                    return;
                }
                Response response = handler.handle(request);
                if (response.kind() == Response.Kind.RESET) {
                    raw.setSoLinger(true, 0);
                    raw.close();
                    return;
                }
                if (response.kind() == Response.Kind.STALL) {
                    stall(raw, in);
                    return;
                }
                boolean close = "close".equalsIgnoreCase(request.header("Connection"));
                if (close) {
                    response.header("Connection", "close");
                }
                write(out, response, "HEAD".equals(request.method()));
                if (close) {
                    return;
                }
                // a kept-alive connection waiting for its next request; a new one (in its handshake) never is
                idleSince.put(raw, System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, a handshake failed, or the listener is closing: nothing to answer
        } finally {
            idleSince.remove(raw);
            closeQuietly(raw);
            open.remove(raw);
        }
    }

    /** Never answers: waits until the client gives up (closes) or the listener closes. */
    private void stall(Socket raw, InputStream in) throws IOException {
        raw.setSoTimeout(0);
        try {
            while (!closed && in.read() >= 0) {
                // discard whatever the client still sends
            }
        } catch (SocketException e) {
            // closed by either side
        }
    }

    private Request read(InputStream in, String remote) throws IOException, BadRequest {
        String requestLine;
        do {
            requestLine = readLine(in);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest("malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new BadRequest("connection closed inside the headers");
            }
            if (line.isEmpty()) {
                break;
            }
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new BadRequest("headers too large");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("malformed header line");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        byte[] body = readBody(in, headers);
        return new Request(parts[0], parts[1], headers, body, remote);
    }

    private byte[] readBody(InputStream in, Map<String, String> headers) throws IOException, BadRequest {
        String te = headerIgnoreCase(headers, "Transfer-Encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new BadRequest("connection closed inside a chunked body");
                }
                int semi = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest("bad chunk size");
                }
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                    } while (trailer != null && !trailer.isEmpty());
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw new BadRequest("body too large");
                }
                body.write(readExactly(in, size));
                readLine(in);
            }
        }
        String cl = headerIgnoreCase(headers, "Content-Length");
        if (cl == null) {
            return new byte[0];
        }
        int length;
        try {
            length = Integer.parseInt(cl.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("bad Content-Length");
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new BadRequest("bad Content-Length");
        }
        return readExactly(in, length);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException, BadRequest {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new BadRequest("connection closed inside the body");
        }
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private void write(OutputStream out, Response response, boolean head) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
        response.defaultHeader("Date", dateHeader.get());
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        sb.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(response.body());
        }
        out.flush();
    }

    private static String headerIgnoreCase(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to do
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
