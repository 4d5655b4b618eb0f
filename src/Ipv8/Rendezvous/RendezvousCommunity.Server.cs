using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <content>Serving: REGISTER, UNREGISTER and DISCOVER.</content>
public sealed partial class RendezvousCommunity
{
    private readonly List<Registration> _pageScratch = [];

    private void OnRegister(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<RegisterPayload>(source, datagram, out var sender, out _, out var request, hasGlobalTime: false)
            || !Admit(source, sender.PublicKey, _registerLimiter))
        {
            return;
        }

        var status = Register(source, sender.PublicKey, in request, out var granted);
        var seconds = status == RegistrationStatus.Ok ? (uint)granted.TotalSeconds : 0;
        SendSignedWithoutGlobalTime(source, RegisterResponsePayload.MessageId, new RegisterResponsePayload(request.Identifier, status, seconds));
    }

    private RegistrationStatus Register(UdpAddress source, PublicKey key, in RegisterPayload request, out TimeSpan granted)
    {
        granted = TimeSpan.Zero;
        var record = request.Record;
        var now = TimeProvider.GetUtcNow();

        // Cheap checks first: a flood of forged or excess registrations costs no signature verification.
        if (!record.KeyBin.Span.SequenceEqual(key.KeyBin))
        {
            return Refuse(RendezvousCounter.RefusedForgedKey, RegistrationStatus.InvalidSignedPeerRecord);
        }

        if (!string.Equals(record.Namespace, request.Namespace, StringComparison.Ordinal))
        {
            return Refuse(RendezvousCounter.RefusedWrongNamespace, RegistrationStatus.InvalidNamespace);
        }

        if (record.Expiry <= now)
        {
            return Refuse(RendezvousCounter.RefusedExpiredRecord, RegistrationStatus.InvalidSignedPeerRecord);
        }

        if (record.Expiry > now + RendezvousOptions.MaxTtl + ExpirySkew)
        {
            return Refuse(RendezvousCounter.RefusedLongLivedRecord, RegistrationStatus.InvalidSignedPeerRecord);
        }

        var keyBin = key.KeyBin.ToArray();
        switch (_store.CheckRoom(keyBin, request.Namespace, source))
        {
            case RegistrationStore.AddOutcome.KeyFull:
                return Refuse(RendezvousCounter.RefusedKeyFull, RegistrationStatus.Unavailable);
            case RegistrationStore.AddOutcome.PrefixFull:
                return Refuse(RendezvousCounter.RefusedPrefixFull, RegistrationStatus.Unavailable);
            case RegistrationStore.AddOutcome.StoreFull:
                return Refuse(RendezvousCounter.RefusedStoreFull, RegistrationStatus.Unavailable);
        }

        if (record.Check(_parser, now, request.Namespace, out _) != RecordProblem.None)
        {
            return Refuse(RendezvousCounter.RefusedBadRecordSignature, RegistrationStatus.InvalidSignedPeerRecord);
        }

        var requested = request.RequestedTtlSeconds == 0 ? Options.DefaultTtl : TimeSpan.FromSeconds(request.RequestedTtlSeconds);
        var clamped = requested < Options.MinTtl ? Options.MinTtl : requested > RendezvousOptions.MaxTtl ? RendezvousOptions.MaxTtl : requested;
        if (clamped != requested)
        {
            _counters.Increment(RendezvousCounter.TtlClamped);
        }

        // Never keep a record past its own signed expiry: nobody may hand it out then.
        var untilExpiry = record.Expiry - now;
        granted = TimeSpan.FromSeconds(Math.Floor((clamped < untilExpiry ? clamped : untilExpiry).TotalSeconds));
        var outcome = _store.TryAdd(keyBin, record, source, (now + granted).UtcTicks);
        _counters.Increment(outcome == RegistrationStore.AddOutcome.Replaced ? RendezvousCounter.RegistrationsRefreshed : RendezvousCounter.RegistrationsAccepted);
        return RegistrationStatus.Ok;
    }

    private void OnUnregister(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadSigned<UnregisterPayload>(source, datagram, out var sender, out _, out var request, hasGlobalTime: false)
            && Admit(source, sender.PublicKey, _registerLimiter)
            && _store.Remove(sender.PublicKey.KeyBin.ToArray(), request.Namespace))
        {
            _counters.Increment(RendezvousCounter.Unregistrations);
        }
    }

    private void OnDiscover(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<DiscoverPayload>(source, datagram, out var sender, out _, out var request, hasGlobalTime: false)
            || !Admit(source, sender.PublicKey, _discoverLimiter))
        {
            return;
        }

        var now = TimeProvider.GetUtcNow().UtcTicks;
        var index = _store.IndexOf(request.Namespace);
        PageCursor cursor;
        if (request.Cookie.Length == 0)
        {
            var limit = request.Limit == 0 ? RendezvousOptions.MaxDiscoverLimit : Math.Min((int)request.Limit, RendezvousOptions.MaxDiscoverLimit);
            cursor = index?.Begin(Random, limit) ?? new PageCursor(0, 0, false, 0, limit);
        }
        else
        {
            var opened = _cookies.TryOpen(request.Cookie.Span, request.Namespace, sender.PublicKey.KeyBin, now, out cursor);
            if (opened != CookieCodec.OpenResult.Opened)
            {
                _counters.Increment(opened switch
                {
                    CookieCodec.OpenResult.Expired => RendezvousCounter.RefusedCookieExpired,
                    CookieCodec.OpenResult.Replayed => RendezvousCounter.RefusedCookieReplayed,
                    _ => RendezvousCounter.RefusedCookieTampered,
                });
                SendSignedWithoutGlobalTime(source, DiscoverResponsePayload.MessageId, new DiscoverResponsePayload(request.Identifier, RegistrationStatus.InvalidCookie, ReadOnlyMemory<byte>.Empty, []));
                return;
            }

            // A later page may ask for fewer records than the first did, never for more.
            if (request.Limit != 0 && request.Limit < cursor.Limit)
            {
                cursor = cursor with { Limit = Math.Max(cursor.Returned, request.Limit) };
            }
        }

        var budget = Options.MaxDatagramSize - MessageFraming.SignedOverhead(MyPeer.PublicKey, hasGlobalTime: false) - DiscoverResponsePayload.FixedSize(CookieCodec.Length);
        _pageScratch.Clear();
        var next = index?.Collect(cursor, now, budget, _pageScratch);
        var records = new SignedPeerRecord[_pageScratch.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = _pageScratch[i].Record;
        }

        _pageScratch.Clear();
        Random.Shuffle(records);
        var cookie = next is { } more
            ? _cookies.Seal(more, now + Options.CookieLifetime.Ticks, request.Namespace, sender.PublicKey.KeyBin)
            : [];
        _counters.Increment(RendezvousCounter.DiscoverPagesServed);
        _counters.Add(RendezvousCounter.RecordsServed, records.Length);
        SendSignedWithoutGlobalTime(source, DiscoverResponsePayload.MessageId, new DiscoverResponsePayload(request.Identifier, RegistrationStatus.Ok, cookie, records));
    }

    /// <summary>
    /// Decides whether a request is served: this node serves, the key is proven at the source (no answer otherwise, so
    /// an unproven or spoofed source never receives anything), and the source is within its rate. Counts refusals.
    /// </summary>
    private bool Admit(UdpAddress source, PublicKey key, TokenBucketTable<UdpAddress> limiter)
    {
        if (!Options.Serve)
        {
            _counters.Increment(RendezvousCounter.RefusedNotServing);
            Drop(DropReason.Unexpected, source);
            return false;
        }

        var proven = TrustEnabled
            ? IsProven(source, key)
            : Network.GetVerifiedByAddress(source) is { } peer && peer.PublicKey.Equals(key);
        if (!proven)
        {
            _counters.Increment(RendezvousCounter.RefusedUnproven);
            Drop(DropReason.UntrustedSource, source);
            return false;
        }

        if (!limiter.TryTake(source, TimeProvider.GetUtcNow().UtcTicks))
        {
            _counters.Increment(RendezvousCounter.RefusedRateLimited);
            Drop(DropReason.RateLimited, source);
            return false;
        }

        return true;
    }

    private RegistrationStatus Refuse(RendezvousCounter counter, RegistrationStatus status)
    {
        _counters.Increment(counter);
        return status;
    }
}
