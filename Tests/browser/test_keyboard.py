"""The search page with the keyboard alone: from the top of the page, Tab reaches the search box
and every filter, a query typed and sent with Enter gives results, and Space ticks a filter.
At 1280 and 375 px (on a phone the filters sit in a disclosure, opened with Enter).

    python3 -m unittest discover -s Tests/browser -p 'test_keyboard.py'
"""
import unittest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import browser_site
from test_accessibility import set_width

MAX_TABS = 400


class KeyboardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = browser_site.ServedSite()
        cls.driver = browser_site.chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.site.close()

    def press(self, *keys):
        ActionChains(self.driver).send_keys(*keys).perform()

    def focused(self):
        return self.driver.switch_to.active_element

    def tab_to(self, matches, what):
        """Presses Tab until the focused element matches; fails if the focus comes round without it."""
        for _ in range(MAX_TABS):
            self.press(Keys.TAB)
            element = self.focused()
            if matches(element):
                return element
        self.fail(f"Tab never reached {what}")

    def open_page(self, width, query=""):
        set_width(self.driver, width)
        self.driver.get(self.site.base + "search/" + query)
        WebDriverWait(self.driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-filters fieldset"))
        WebDriverWait(self.driver, 10).until(lambda d: "件" in d.find_element(By.ID, "search-status").text)

    def open_filters_if_folded(self):
        """On a phone the filters are in a <details>: its summary is reached by Tab and opened with Enter."""
        folded = self.driver.find_elements(By.CSS_SELECTOR, "details.search__filters-disclosure:not([open])")
        if folded and folded[0].is_displayed():
            summary = self.tab_to(lambda e: e.tag_name == "summary", "the filters' disclosure")
            self.press(Keys.ENTER)
            WebDriverWait(self.driver, 5).until(lambda d: summary.find_element(By.XPATH, "..").get_attribute("open") is not None)

    def test_tab_reaches_the_box_and_every_filter(self):
        for width in (1280, 375):
            with self.subTest(width=width):
                self.open_page(width)
                self.driver.find_element(By.TAG_NAME, "body").click()
                self.open_filters_if_folded()
                self.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
                wanted = {(box.get_attribute("name"), box.get_attribute("value"))
                          for box in self.driver.find_elements(By.CSS_SELECTOR, "#search-filters input[type=checkbox]")
                          if box.is_displayed()}
                self.assertGreater(len(wanted), 10)
                reached, saw_box = set(), False
                for _ in range(MAX_TABS):
                    self.press(Keys.TAB)
                    element = self.focused()
                    if element.get_attribute("id") == "search-q":
                        saw_box = True
                    if element.get_attribute("type") == "checkbox":
                        reached.add((element.get_attribute("name"), element.get_attribute("value")))
                    if reached >= wanted and saw_box:
                        break
                self.assertTrue(saw_box, "Tab never reached the search box")
                self.assertEqual(wanted - reached, set(), "filters Tab never reached")

    def test_a_query_and_a_filter_with_keys_only(self):
        for width in (1280, 375):
            with self.subTest(width=width):
                self.open_page(width)
                self.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
                self.tab_to(lambda e: e.get_attribute("id") == "search-q", "the search box")
                self.press("ドローン", Keys.ENTER)
                WebDriverWait(self.driver, 10).until(lambda d: "「ドローン」の検索結果" in d.find_element(By.ID, "search-status").text)
                self.open_filters_if_folded()
                box = self.tab_to(lambda e: e.get_attribute("name") == "type" and e.get_attribute("value") == "cases",
                                  "the filter 事例")
                self.assertFalse(box.is_selected())
                self.press(Keys.SPACE)
                WebDriverWait(self.driver, 10).until(lambda d: "type=cases" in d.current_url)
                self.assertTrue(box.is_selected())
                # The links are read in one script: the list is redrawn as the filter applies.
                links = "return [...document.querySelectorAll('#search-results h2 a')].map((a) => a.href)"
                WebDriverWait(self.driver, 10).until(
                    lambda d: (hrefs := d.execute_script(links)) and all("/cases/" in href for href in hrefs))
