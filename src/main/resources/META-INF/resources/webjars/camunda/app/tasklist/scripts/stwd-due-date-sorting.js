/*
 * Tasklist sorts a task list by creation date unless the URL says otherwise (its "sorting"
 * search parameter). The product's users work to deadlines, so a task list shown without an
 * explicit sorting is sorted by due date, earliest first; a person can still choose another
 * sorting in the list header, which Tasklist then keeps in the URL.
 */
const angular = window.angular;
const DUE_DATE_FIRST = JSON.stringify([{ sortBy: 'dueDate', sortOrder: 'asc' }]);

angular.module('cam.tasklist').run(['$rootScope', '$location', function ($rootScope, $location) {
  function ensureSorting() {
    if ($location.path() === '/' && !$location.search().sorting) {
      $location.search('sorting', DUE_DATE_FIRST).replace();
    }
  }
  $rootScope.$on('$locationChangeSuccess', ensureSorting);
  ensureSorting();
}]);

export default [];
