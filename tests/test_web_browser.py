"""The page end to end in a real browser: Debian's chromium, driven by Selenium.

One browser session walks the README's case: plan B12 for a vegetarian, swap a food,
upload examples/usual_day.csv, download the workbook and open it with openpyxl. The
server is uvicorn on 127.0.0.1 (a free port) in a thread, as `bplanner serve` runs it.
chromium and chromium-driver are Debian packages (`.ci/run` installs them); without
them this test fails saying so, it is never skipped.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO

from bplanner.web.app import create_app
from bplanner.web.server import bind, make_server

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=412,915")  # a phone-sized screen


@pytest.fixture(scope="module")
def server():
    sock = bind("127.0.0.1", 0)
    srv = make_server(create_app(), sock)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: install Debian's chromium and "
                    "chromium-driver (apt-get install chromium chromium-driver), as .ci/run does")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('profile')}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait_for(driver, css, old=None, timeout=20):
    """The element at ``css`` once it is there (and is not ``old``: the page was re-drawn)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if old is not None:
            try:
                old.is_displayed()
                time.sleep(0.05)
                continue
            except StaleElementReferenceException:
                old = None
        found = driver.find_elements(By.CSS_SELECTOR, css)
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"{css} did not appear within {timeout} s")


def planned(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".items > li:not(.usual)")]


def test_plan_swap_upload_and_download(server, browser):
    import openpyxl
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    from bplanner.output.export import SHEETS

    browser.get(server)
    assert browser.title == "bplanner: B vitamins from food"
    # the README's case, typed with the keyboard: vitamins B12, a vegetarian diet
    for label in ("B1", "B6", "B9"):
        browser.find_element(By.ID, f"vitamin-{label}").click()
    Select(browser.find_element(By.ID, "diet")).select_by_value("vegetarian")
    age = browser.find_element(By.ID, "age")
    age.clear()
    age.send_keys("30", Keys.ENTER)  # Enter presses Plan
    heading = wait_for(browser, "#plan-heading")
    assert "vegetarian" in heading.text
    assert browser.switch_to.active_element == heading  # focus moves to the plan
    first = planned(browser)
    assert first and "Milk" in first[0]
    # the page fits a phone's width: nothing scrolls sideways
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")

    # swap the first food for its first alternative
    browser.find_element(By.CSS_SELECTOR, ".actions summary").click()
    swap = browser.find_element(By.CSS_SELECTOR, ".swaps button")
    new_food = swap.get_attribute("aria-label").split(" for ", 1)[1]
    swap.click()
    heading = wait_for(browser, "#plan-heading", old=heading)
    after = planned(browser)
    assert any(new_food in item and "fixed by you" in item for item in after)
    assert after != first

    # upload the diary: the plan adds only what the usual day lacks
    browser.find_element(By.ID, "diary").send_keys(str(REPO / "examples" / "usual_day.csv"))
    browser.find_element(By.ID, "plan-button").click()
    heading = wait_for(browser, "#plan-heading", old=heading)
    page = browser.find_element(By.ID, "result").text
    assert "your usual day, line 2" in page and "Bananas, raw" in page
    assert "The plan adds only what your usual day lacks" in page

    # download the shopping list and open it
    browser.find_element(By.CSS_SELECTOR, "a.download").click()
    deadline = time.monotonic() + 20
    target = browser.downloads / "bplanner-shopping-list.xlsx"
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.is_file(), f"no workbook in {list(browser.downloads.iterdir())}"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == list(SHEETS)
    cells = " ".join(str(c.value) for row in book[SHEETS[0]].iter_rows() for c in row)
    assert new_food.split(",")[0] in cells
    shutil.rmtree(browser.downloads, ignore_errors=True)
