"""Pacing policy: rate limit per host, human-like delays, consistent user agents, proxy rotation."""

from __future__ import annotations

import random

from compass.scraper.pacing import HostRateLimiter, HumanDelay, ProxyPool, user_agents


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_same_host_waits_the_interval() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(2.0, clock=clock, sleep=clock.sleep)
    assert limiter.wait("https://www.tiktok.com/@a") == 0
    assert limiter.wait("https://www.tiktok.com/@b") == 2.0
    assert clock.slept == [2.0]


def test_rate_limiter_other_hosts_do_not_wait_for_each_other() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(5.0, clock=clock, sleep=clock.sleep)
    limiter.wait("https://www.tiktok.com/@a")
    assert limiter.wait("http://127.0.0.1:9000/@a") == 0


def test_rate_limiter_after_a_long_pause_does_not_wait() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(2.0, clock=clock, sleep=clock.sleep)
    limiter.wait("https://h/x")
    clock.now += 10
    assert limiter.wait("https://h/y") == 0


def test_user_agents_match_the_browser_version_and_never_say_headless() -> None:
    agents = user_agents(156)
    assert len(set(agents)) == len(agents) >= 3
    assert all("Chrome/156.0.0.0" in a and "Headless" not in a for a in agents)


def test_human_delay_is_at_least_the_base_and_bounded() -> None:
    rng = random.Random(3)
    delays = [HumanDelay(0.8, 1.2).draw(rng) for _ in range(2000)]
    assert min(delays) >= 0.8 and max(delays) <= 0.8 + 1.2 * 4
    assert len({round(d, 3) for d in delays}) > 1000  # varied, not a fixed rhythm


def test_proxy_pool_rotates_through_every_proxy() -> None:
    pool = ProxyPool(["http://a:1", "http://b:2", "http://c:3"], random.Random(0))
    seen = {pool.current}
    for _ in range(3):
        seen.add(pool.rotate())
    assert seen == {"http://a:1", "http://b:2", "http://c:3"}


def test_proxy_pool_empty_means_direct_connection() -> None:
    pool = ProxyPool([])
    assert pool.current is None and pool.rotate() is None


def test_rate_limiter_a_refusal_or_two_are_short_pauses_and_no_slowdown() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(0.0, clock=clock, sleep=clock.sleep, retry_pause=1.0)
    url = "https://www.tiktok.com/api/creator/item_list/"
    limiter.wait(url)
    assert limiter.refused(url) == 1.0
    assert limiter.refused(url) == 2.0
    limiter.answered(url)
    assert limiter.wait(url) == 2.0 and limiter.interval(url) == 0.0


def test_rate_limiter_refusals_in_a_row_are_a_throttle_cool_down_and_a_slower_pace() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(0.0, clock=clock, sleep=clock.sleep, retry_pause=1.0, first_cooldown=10.0)
    url = "https://www.tiktok.com/api/creator/item_list/"
    for _ in range(60):  # 60 requests in the last minute, then refused
        limiter.wait(url)
    pauses = [limiter.refused(url) for _ in range(6)]
    assert pauses == [1.0, 2.0, 10.0, 20.0, 40.0, 80.0]
    assert limiter.interval(url) == 60.0 / (0.8 * 60)  # under 80% of the rate that was refused
    assert limiter.wait("https://other.example/") == 0  # other hosts are not slowed


def test_rate_limiter_recovers_slowly_after_a_run_of_answers() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(0.0, clock=clock, sleep=clock.sleep, recover_after=10, throttled_interval=2.0)
    url = "https://www.tiktok.com/x"
    for _ in range(3):
        limiter.refused(url)
    assert limiter.interval(url) == 2.0
    for _ in range(10):
        limiter.answered(url)
    assert limiter.interval(url) == 1.8
