// The imports `fathom shell` gives jshell, after jshell's own (java.util.*, java.nio.file.*, ...
// and println). So a learner can type at once:
//   var m = new Sequential(new Flatten(), new Dense(128, "relu"), new Dense(10))
//   var t = Tensor.randn(new Generator(0), 2, 3)
import dev.fathom.tensor.*;
import dev.fathom.autograd.*;
import dev.fathom.backend.*;
import dev.fathom.layers.*;
import dev.fathom.losses.*;
import dev.fathom.optimizers.*;
import dev.fathom.models.*;
import dev.fathom.data.*;
import dev.fathom.data.batch.*;
import dev.fathom.data.images.*;
import dev.fathom.data.preprocessing.*;
import dev.fathom.data.sequences.*;
import dev.fathom.data.split.*;
import dev.fathom.data.timeseries.*;
import dev.fathom.datasets.*;
import dev.fathom.metrics.*;
import dev.fathom.estimators.*;
import dev.fathom.validation.*;
import dev.fathom.ensembles.*;
import dev.fathom.diagnosis.*;
import dev.fathom.forecast.*;
import dev.fathom.pipeline.*;
import dev.fathom.plots.*;
import dev.fathom.report.*;
import dev.fathom.workflow.*;
// Two packages have an Average: the metrics' one (Average.MACRO, ...) is meant here; the merge
// layer is dev.fathom.layers.Average.
import dev.fathom.metrics.Average;
