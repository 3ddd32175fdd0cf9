"""FakeSocialApis: X API v2, Meta Graph (Instagram business_discovery, Facebook Pages) and YouTube
Data API v3 channels.list, answering with the platforms' documented bodies, statuses and headers.

One Starlette app under uvicorn on a pre-bound 127.0.0.1 socket, started and stopped inside the
test's event loop::

    async with FakeSocialApis(clock=clock) as apis:
        apis.add_x_user("budi", followers=1200)
        client = XClient(http, apis.x_base_url, apis.x_token, clock)

Endpoints are raw ASGI callables because the "drop" fault must start a response and then abort
the connection, which a Starlette request/response endpoint cannot do.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.channels.web.server import LocalServer
from bot.clock import Clock, SystemClock
from bot.enrollment.social_handles import Platform

__all__ = ["FakeSocialApis", "Fault"]


class Fault(StrEnum):
    RATE_LIMITED = "rate_limited"  # X 429 + reset, Graph code 4, YouTube quotaExceeded
    THROTTLED = "throttled"  # short limits: Graph 80002/32 + usage header, YouTube rateLimit
    BAD_CREDENTIALS = "bad_credentials"  # X 401, Graph 190, YouTube keyInvalid
    CREDITS_DEPLETED = "credits_depleted"  # X 402
    NOT_ENROLLED = "not_enrolled"  # X 403 client-not-enrolled
    SERVER_ERROR = "server_error"  # 500 (X, Graph) / 503 (YouTube)
    DROP = "drop"  # connection closed mid-response


class _Dropped(Exception):
    """Raised after the response started, so uvicorn aborts the connection."""


class _DropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], _Dropped))


@dataclass
class XUser:
    id: str
    username: str
    name: str
    followers: int
    following: int
    tweets: int
    bio: str
    created_at: datetime
    protected: bool
    suspended: bool


@dataclass
class InstagramAccount:
    id: str
    username: str
    name: str
    followers: int
    follows: int
    media: int
    bio: str


@dataclass
class FacebookPage:
    id: str
    username: str
    name: str
    followers: int | None
    fans: int
    about: str


@dataclass
class YouTubeChannel:
    id: str
    handle: str
    title: str
    subscribers: int
    hidden: bool
    description: str
    videos: int
    views: int
    published_at: datetime


@dataclass
class _PendingFault:
    kind: Fault
    remaining: int
    reset_at: datetime | None = None
    regain_minutes: int | None = None


@dataclass
class _State:
    x_users: dict[str, XUser] = field(default_factory=dict)
    instagram: dict[str, InstagramAccount] = field(default_factory=dict)
    facebook: dict[str, FacebookPage] = field(default_factory=dict)
    facebook_profiles: set[str] = field(default_factory=set)
    youtube: dict[str, YouTubeChannel] = field(default_factory=dict)
    faults: dict[Platform, deque[_PendingFault]] = field(default_factory=dict)


def _json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status, headers=headers, media_type="application/json")


def _three_significant(value: int) -> int:
    """YouTube rounds public subscriber counts down to three significant figures."""
    if value < 1000:
        return value
    scale = 10 ** (len(str(value)) - 3)
    return value // scale * scale


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


_GRAPH_VERSION = re.compile(r"v\d+\.\d+")
_BUSINESS_DISCOVERY = re.compile(r"business_discovery\.username\(([^)]*)\)")


class FakeSocialApis:
    def __init__(
        self,
        *,
        clock: Clock | None = None,
        x_token: str = "x-bearer-AAAAfaketoken0001",
        graph_token: str = "EAAGfakegraphtoken0001",
        youtube_key: str = "AIzaFakeYouTubeKey0001",
        instagram_account_id: str = "17841400000000001",
        graph_version: str = "v23.0",
        host: str = "127.0.0.1",
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.x_token = x_token
        self.graph_token = graph_token
        self.youtube_key = youtube_key
        self.instagram_account_id = instagram_account_id
        self.graph_version = graph_version
        self.host = host
        self.requests: Counter[Platform] = Counter()
        self._state = _State()
        self._ids = itertools.count(1)
        self._server: LocalServer | None = None

    # Lifecycle
    async def start(self) -> None:
        logger = logging.getLogger("uvicorn.error")
        if not any(isinstance(f, _DropFilter) for f in logger.filters):
            logger.addFilter(_DropFilter())
        self._server = LocalServer(self._build_app(), self.host)
        await self._server.start()

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
        self._server = None

    async def __aenter__(self) -> FakeSocialApis:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSocialApis is not started")
        return f"http://{self.host}:{self._server.port}"

    @property
    def x_base_url(self) -> str:
        return f"{self.url}/x"

    @property
    def graph_base_url(self) -> str:
        return f"{self.url}/graph"

    @property
    def youtube_base_url(self) -> str:
        return f"{self.url}/google"

    # Accounts
    def _next_id(self) -> int:
        return next(self._ids)

    def add_x_user(
        self,
        username: str,
        *,
        followers: int = 0,
        following: int = 0,
        tweets: int = 0,
        bio: str = "",
        name: str | None = None,
        created_at: datetime = datetime(2015, 3, 4, 5, 6, 7, tzinfo=UTC),
        protected: bool = False,
        suspended: bool = False,
        account_id: str | None = None,
    ) -> XUser:
        user = XUser(
            id=account_id or str(1_400_000_000_000_000_000 + self._next_id()),
            username=username,
            name=name or username,
            followers=followers,
            following=following,
            tweets=tweets,
            bio=bio,
            created_at=created_at,
            protected=protected,
            suspended=suspended,
        )
        self._state.x_users[username.lower()] = user
        return user

    def add_instagram_business(
        self,
        username: str,
        *,
        followers: int = 0,
        follows: int = 0,
        media: int = 0,
        bio: str = "",
        name: str | None = None,
        account_id: str | None = None,
    ) -> InstagramAccount:
        account = InstagramAccount(
            id=account_id or str(17_841_450_000_000_000 + self._next_id()),
            username=username,
            name=name or username,
            followers=followers,
            follows=follows,
            media=media,
            bio=bio,
        )
        self._state.instagram[username.lower()] = account
        return account

    def add_facebook_page(
        self,
        username: str,
        *,
        followers: int | None = 0,
        fans: int = 0,
        about: str = "",
        name: str | None = None,
        page_id: str | None = None,
    ) -> FacebookPage:
        page = FacebookPage(
            id=page_id or str(100_000_000_000_000 + self._next_id()),
            username=username,
            name=name or username,
            followers=followers,
            fans=fans,
            about=about,
        )
        self._state.facebook[username.lower()] = page
        self._state.facebook[page.id] = page
        return page

    def add_facebook_profile(self, username: str) -> None:
        """A personal profile: it exists, but Page fields on a User node are an error (#100)."""
        self._state.facebook_profiles.add(username.lower())

    def add_youtube_channel(
        self,
        handle: str,
        *,
        subscribers: int = 0,
        hidden: bool = False,
        description: str = "",
        title: str | None = None,
        videos: int = 0,
        views: int = 0,
        published_at: datetime = datetime(2012, 8, 9, 10, 11, 12, tzinfo=UTC),
        channel_id: str | None = None,
    ) -> YouTubeChannel:
        handle = handle.removeprefix("@")
        channel = YouTubeChannel(
            id=channel_id or f"UC{self._next_id():022d}",
            handle=handle,
            title=title or handle,
            subscribers=subscribers,
            hidden=hidden,
            description=description,
            videos=videos,
            views=views,
            published_at=published_at,
        )
        self._state.youtube[handle.lower()] = channel
        return channel

    def _account(self, platform: Platform, handle: str) -> Any:
        key = handle.removeprefix("@").lower()
        tables: dict[Platform, dict[str, Any]] = {
            Platform.X: self._state.x_users,
            Platform.INSTAGRAM: self._state.instagram,
            Platform.FACEBOOK: self._state.facebook,
            Platform.YOUTUBE: self._state.youtube,
        }
        return tables[platform][key]

    def set_bio(self, platform: Platform, handle: str, text: str) -> None:
        account = self._account(platform, handle)
        match platform:
            case Platform.X | Platform.INSTAGRAM | Platform.YOUTUBE:
                attribute = "description" if platform is Platform.YOUTUBE else "bio"
                setattr(account, attribute, text)
            case Platform.FACEBOOK:
                account.about = text

    def set_followers(self, platform: Platform, handle: str, count: int) -> None:
        account = self._account(platform, handle)
        attribute = "subscribers" if platform is Platform.YOUTUBE else "followers"
        setattr(account, attribute, count)

    # Faults
    def fail(
        self,
        platform: Platform,
        kind: Fault | str,
        times: int = 1,
        *,
        reset_at: datetime | None = None,
        regain_minutes: int | None = None,
    ) -> None:
        """The next ``times`` requests for ``platform`` fail as ``kind``.

        ``reset_at``: X's ``x-rate-limit-reset`` (default: clock + 15 min).
        ``regain_minutes``: Graph ``estimated_time_to_regain_access`` in the usage header.
        """
        fault = _PendingFault(Fault(kind), times, reset_at, regain_minutes)
        self._state.faults.setdefault(platform, deque()).append(fault)

    def _take_fault(self, platform: Platform) -> _PendingFault | None:
        queue = self._state.faults.get(platform)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.popleft()
        return fault

    # HTTP
    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/x/2/users/by/username/{username}", _Endpoint(self._x), methods=["GET"]),
                Route("/graph/{version}/{node}", _Endpoint(self._graph), methods=["GET"]),
                Route("/google/youtube/v3/channels", _Endpoint(self._youtube), methods=["GET"]),
            ]
        )

    def _x(self, request: Request) -> Response:
        self.requests[Platform.X] += 1
        if request.headers.get("authorization") != f"Bearer {self.x_token}":
            return _x_problem(401, "Unauthorized", "Unauthorized")
        fault = self._take_fault(Platform.X)
        if fault is not None:
            return self._x_fault(fault)
        username = request.path_params["username"]
        user = self._state.x_users.get(username.lower())
        if user is None:
            return _json({"errors": [_x_user_error(username, suspended=False)]})
        if user.suspended:
            return _json({"errors": [_x_user_error(username, suspended=True)]})
        # Like X, only id, name and username unless `user.fields` asks for more.
        asked = set(request.query_params.get("user.fields", "").split(","))
        optional = {
            "description": user.bio,
            "created_at": _iso(user.created_at),
            "protected": user.protected,
            "public_metrics": {
                "followers_count": user.followers,
                "following_count": user.following,
                "tweet_count": user.tweets,
                "listed_count": 0,
                "like_count": 0,
            },
        }
        data = {"id": user.id, "name": user.name, "username": user.username}
        data.update({field: value for field, value in optional.items() if field in asked})
        return _json({"data": data})

    def _x_fault(self, fault: _PendingFault) -> Response:
        match fault.kind:
            case Fault.RATE_LIMITED | Fault.THROTTLED:
                reset = fault.reset_at or self.clock.now() + timedelta(minutes=15)
                headers = {
                    "x-rate-limit-limit": "300",
                    "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": str(int(reset.timestamp())),
                }
                return _json(
                    {
                        "title": "Too Many Requests",
                        "detail": "Too Many Requests",
                        "type": "about:blank",
                        "status": 429,
                    },
                    429,
                    headers,
                )
            case Fault.BAD_CREDENTIALS:
                return _x_problem(401, "Unauthorized", "Unauthorized")
            case Fault.CREDITS_DEPLETED:
                return _x_problem(
                    402,
                    "CreditsDepleted",
                    "Your enrolled account does not have any credits to fulfill this request.",
                    "https://api.twitter.com/2/problems/credits",
                )
            case Fault.NOT_ENROLLED:
                return _json(
                    {
                        "client_id": "28000001",
                        "required_enrollment": "Appropriate Level of API Access",
                        "registration_url": "https://developer.x.com/en/portal/product",
                        "title": "Client Forbidden",
                        "detail": "This request must be made using an approved developer account"
                        " that is enrolled in the requested endpoint.",
                        "reason": "client-not-enrolled",
                        "type": "https://api.twitter.com/2/problems/client-forbidden",
                    },
                    403,
                )
            case Fault.SERVER_ERROR:
                return _x_problem(503, "Service Unavailable", "Service Unavailable")
            case Fault.DROP:
                raise _Dropped
        raise AssertionError(fault.kind)

    def _graph(self, request: Request) -> Response:
        params = request.query_params
        fields = params.get("fields", "")
        discovery = _BUSINESS_DISCOVERY.search(fields)
        platform = Platform.INSTAGRAM if discovery else Platform.FACEBOOK
        self.requests[platform] += 1
        if not _GRAPH_VERSION.fullmatch(request.path_params["version"]):
            return _graph_error(400, "Unknown path components", "OAuthException", 2500)
        if params.get("access_token") != self.graph_token:
            return _graph_error(
                400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190
            )
        fault = self._take_fault(platform)
        if fault is not None:
            return self._graph_fault(platform, fault)
        node = request.path_params["node"]
        if discovery is not None:
            return self._instagram(node, discovery.group(1))
        return self._facebook(node)

    def _instagram(self, node: str, username: str) -> Response:
        if node != self.instagram_account_id:
            return _graph_error(
                400,
                f"Unsupported get request. Object with ID '{node}' does not exist",
                "GraphMethodException",
                100,
                subcode=33,
            )
        account = self._state.instagram.get(username.lower())
        if account is None:
            return _graph_error(
                400,
                "Invalid user id",
                "OAuthException",
                110,
                subcode=2207013,
                user_title="Cannot find User",
                user_msg=f"The user with username: {username} cannot be found.",
            )
        return _json(
            {
                "business_discovery": {
                    "username": account.username,
                    "name": account.name,
                    "followers_count": account.followers,
                    "follows_count": account.follows,
                    "media_count": account.media,
                    "biography": account.bio,
                    "id": account.id,
                },
                "id": self.instagram_account_id,
            }
        )

    def _facebook(self, node: str) -> Response:
        page = self._state.facebook.get(node.lower())
        if page is not None:
            body: dict[str, Any] = {"id": page.id, "name": page.name, "fan_count": page.fans}
            if page.followers is not None:
                body["followers_count"] = page.followers
            if page.about:
                body["about"] = page.about  # Graph omits empty fields
            return _json(body)
        if node.lower() in self._state.facebook_profiles:
            return _graph_error(
                400,
                "(#100) Tried accessing nonexisting field (followers_count) on node type (User)",
                "OAuthException",
                100,
            )
        return _graph_error(
            404 if node.isdigit() else 400,
            f"(#803) Some of the aliases you requested do not exist: {node}",
            "OAuthException",
            803,
        )

    def _graph_fault(self, platform: Platform, fault: _PendingFault) -> Response:
        headers: dict[str, str] = {}
        if fault.regain_minutes is not None:
            usage = {
                self.instagram_account_id: [
                    {
                        "type": "instagram" if platform is Platform.INSTAGRAM else "pages",
                        "call_count": 100,
                        "total_cputime": 20,
                        "total_time": 30,
                        "estimated_time_to_regain_access": fault.regain_minutes,
                    }
                ]
            }
            headers["x-business-use-case-usage"] = json.dumps(usage)
        match fault.kind:
            case Fault.RATE_LIMITED:
                headers["x-app-usage"] = '{"call_count":100,"total_cputime":10,"total_time":12}'
                return _graph_error(
                    403,
                    "(#4) Application request limit reached",
                    "OAuthException",
                    4,
                    headers=headers,
                    transient=True,
                )
            case Fault.THROTTLED:
                code = 80002 if platform is Platform.INSTAGRAM else 32
                return _graph_error(
                    400,
                    f"(#{code}) There have been too many calls.",
                    "OAuthException",
                    code,
                    headers=headers,
                    transient=True,
                )
            case Fault.BAD_CREDENTIALS | Fault.CREDITS_DEPLETED | Fault.NOT_ENROLLED:
                return _graph_error(
                    400,
                    "Error validating access token: Session has expired on Friday, 27-Nov-26"
                    " 01:00:00 PST.",
                    "OAuthException",
                    190,
                    subcode=463,
                )
            case Fault.SERVER_ERROR:
                return _graph_error(
                    500, "An unknown error has occurred.", "OAuthException", 1, transient=True
                )
            case Fault.DROP:
                raise _Dropped
        raise AssertionError(fault.kind)

    def _youtube(self, request: Request) -> Response:
        self.requests[Platform.YOUTUBE] += 1
        params = request.query_params
        if params.get("key") != self.youtube_key:
            # Today's shape: generic badRequest plus a google.rpc ErrorInfo naming the cause.
            return _json(
                {
                    "error": {
                        "code": 400,
                        "message": "API key not valid. Please pass a valid API key.",
                        "errors": [
                            {
                                "message": "API key not valid. Please pass a valid API key.",
                                "domain": "global",
                                "reason": "badRequest",
                            }
                        ],
                        "status": "INVALID_ARGUMENT",
                        "details": [
                            {
                                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                "reason": "API_KEY_INVALID",
                                "domain": "googleapis.com",
                                "metadata": {"service": "youtube.googleapis.com"},
                            }
                        ],
                    }
                },
                400,
            )
        fault = self._take_fault(Platform.YOUTUBE)
        if fault is not None:
            return _youtube_fault(fault)
        handle = params.get("forHandle", "").removeprefix("@")
        channel = self._state.youtube.get(handle.lower())
        body: dict[str, Any] = {
            "kind": "youtube#channelListResponse",
            "etag": "fakeEtag",
            "pageInfo": {"totalResults": 0 if channel is None else 1, "resultsPerPage": 5},
        }
        if channel is not None:
            body["items"] = [_youtube_item(channel)]
        return _json(body)


def _youtube_item(channel: YouTubeChannel) -> dict[str, Any]:
    statistics: dict[str, Any] = {
        "viewCount": str(channel.views),
        "hiddenSubscriberCount": channel.hidden,
        "videoCount": str(channel.videos),
    }
    if not channel.hidden:
        statistics["subscriberCount"] = str(_three_significant(channel.subscribers))
    return {
        "kind": "youtube#channel",
        "etag": "fakeChannelEtag",
        "id": channel.id,
        "snippet": {
            "title": channel.title,
            "description": channel.description,
            "customUrl": f"@{channel.handle.lower()}",
            "publishedAt": channel.published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "country": "ID",
        },
        "statistics": statistics,
    }


def _youtube_fault(fault: _PendingFault) -> Response:
    match fault.kind:
        case Fault.RATE_LIMITED:
            return _google_error(
                403,
                "The request cannot be completed because you have exceeded your quota.",
                "youtube.quota",
                "quotaExceeded",
            )
        case Fault.THROTTLED:
            return _google_error(403, "Rate Limit Exceeded", "usageLimits", "rateLimitExceeded")
        case Fault.BAD_CREDENTIALS | Fault.CREDITS_DEPLETED | Fault.NOT_ENROLLED:
            return _google_error(
                400, "Bad Request", "usageLimits", "keyInvalid", message_in_error="Bad Request"
            )
        case Fault.SERVER_ERROR:
            return _google_error(
                503, "The service is currently unavailable.", "global", "backendError"
            )
        case Fault.DROP:
            raise _Dropped
    raise AssertionError(fault.kind)


def _google_error(
    status: int, message: str, domain: str, reason: str, *, message_in_error: str | None = None
) -> Response:
    entry = {"message": message_in_error or message, "domain": domain, "reason": reason}
    return _json({"error": {"code": status, "message": message, "errors": [entry]}}, status)


def _x_problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Response:
    return _json({"title": title, "type": kind, "status": status, "detail": detail}, status)


def _x_user_error(username: str, *, suspended: bool) -> dict[str, str]:
    if suspended:
        title, detail = "Forbidden", f"User has been suspended: [{username}]."
    else:
        title, detail = "Not Found Error", f"Could not find user with username: [{username}]."
    return {
        "value": username,
        "detail": detail,
        "title": title,
        "resource_type": "user",
        "parameter": "username",
        "resource_id": username,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def _graph_error(
    status: int,
    message: str,
    kind: str,
    code: int,
    *,
    subcode: int | None = None,
    user_title: str | None = None,
    user_msg: str | None = None,
    transient: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["is_transient"] = transient
    if user_title is not None:
        error["error_user_title"] = user_title
    if user_msg is not None:
        error["error_user_msg"] = user_msg
    error["fbtrace_id"] = "AbCdEfGhIjK"
    return _json({"error": error}, status, headers)


class _Endpoint:
    """Raw ASGI wrapper around a sync handler, so a handler can drop the connection."""

    def __init__(self, handler: Any) -> None:
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = self._handler(request)
        except _Dropped:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise
        await response(scope, receive, send)
