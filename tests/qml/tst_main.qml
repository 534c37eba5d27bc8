import QtQuick
import QtTest
import Seesaw

// Risk: a page named for screenshots does not exist or shows another page, Back from a page
// leaves the operator on the wrong page, or the flow can go back from a running install.
Item {
  id: root

  Component {
    id: mainComponent
    Main {
      visible: false
    }
  }

  TestCase {
    name: "Main"

    function test_screenshot_pages_and_navigation() {
      const main = createTemporaryObject(mainComponent, root);
      verify(main);
      const stack = findChild(main.contentItem, "stack");
      const expected = { home: "homePage", sources: "sourcesPage", files: "filesPage",
                 details: "detailsPage", confirm: "confirmPage", progress: "progressPage",
                 done: "donePage", history: "historyPage", addons: "addonsPage", language: "homePage" };
      compare(main.screenshotPages.length, Object.keys(expected).length);
      for (const name of main.screenshotPages) {
        main.showPageForScreenshot(name);
        compare(stack.currentItem.objectName, expected[name], name);
      }
      main.showPageForScreenshot("confirm");
      compare(stack.depth, 4);   // home → sources → details → confirm
      stack.currentItem.backRequested();
      compare(stack.currentItem.objectName, "detailsPage");
      stack.currentItem.backRequested();
      stack.currentItem.backRequested();
      compare(stack.currentItem.objectName, "homePage");
      // Once installing, nothing is left to go back to.
      main.showPageForScreenshot("progress");
      compare(stack.depth, 1);
      main.showPageForScreenshot("language");
    }
  }
}
