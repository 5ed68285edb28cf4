using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// A fake PostgreSQL server on loopback: it answers every startup with "send your password in clear text"
/// and keeps every byte a client sends, so a test can see whether a stored password reached it.
/// </summary>
public sealed class PasswordCatchingServer : IAsyncDisposable
{
    private const int SslRequestCode = 80877103;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _received = new();
    private readonly Task _accepting;

    public PasswordCatchingServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int Connections { get; private set; }

    /// <summary>Everything received, once the server has stopped (so no client is still half way through).</summary>
    public async Task<string> ReceivedAsync()
    {
        await StopAsync();
        return Encoding.UTF8.GetString(_received.ToArray());
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Connections++;
                await ServeAsync(client.GetStream());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        try
        {
            var startup = await ReadStartupAsync(stream);
            if (startup == SslRequestCode)
            {
                await stream.WriteAsync("N"u8.ToArray(), _stop.Token);
                await ReadStartupAsync(stream);
            }
            // AuthenticationCleartextPassword: 'R', length 8, code 3.
            await stream.WriteAsync(new byte[] { (byte)'R', 0, 0, 0, 8, 0, 0, 0, 3 }, _stop.Token);
            var header = await ReadExactlyAsync(stream, 5);
            await ReadExactlyAsync(stream, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException)
        {
            // The client gave up (it had no password to send): what it sent so far is kept.
        }
    }

    private async Task<int> ReadStartupAsync(NetworkStream stream)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(await ReadExactlyAsync(stream, 4));
        var body = await ReadExactlyAsync(stream, length - 4);
        return BinaryPrimitives.ReadInt32BigEndian(body);
    }

    private async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, _stop.Token);
        _received.Write(buffer);
        return buffer;
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _received.Dispose();
    }
}
